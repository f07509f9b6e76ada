// Browsable API docs. The spec address can be given as ?url=…; by default the
// OpenAPI document the server publishes at /api/openapi.json.
const params = new URLSearchParams(location.search);
const url = params.get('url') || '/api/openapi.json';
let token = null;
try { token = localStorage.getItem('eclats.staff.token'); } catch (e) { /* private mode */ }

window.ui = window.SwaggerUIBundle({
  url: url,
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null, // no call to an outside validator
  // Reuse the console's login so "Try it out" works on staff endpoints.
  requestInterceptor: function (req) {
    if (token && !req.headers.Authorization) req.headers.Authorization = 'Bearer ' + token;
    return req;
  },
});
