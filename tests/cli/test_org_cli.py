"""``eclats org`` and ``eclats facilitator create --org --role`` (issue 16): the
organisations of an installation and the accounts of each, from the command line."""

from __future__ import annotations

from pathlib import Path

from .test_cli import run


def test_org_create_list_and_accounts_in_an_organisation(tmp_path: Path) -> None:
    env = {
        "ECLATS_INSTANCE": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "ECLATS_PASSWORD": "un-bon-mot-de-passe",
    }
    made = run("org", "create", "--slug", "ml-lille", "--name", "Mission Locale de Lille", env=env)
    assert made.returncode == 0, made.stderr
    assert "Mission Locale de Lille" in made.stdout
    again = run("org", "create", "--slug", "ml-lille", "--name", "Autre", env=env)
    assert again.returncode == 1 and "déjà pris" in again.stderr
    bad = run("org", "create", "--slug", "Lille!", "--name", "Lille", env=env)
    assert bad.returncode == 1 and "identifiant court" in bad.stderr

    admin = run("facilitator", "create", "ada", "--org", "ml-lille", "--role", "admin", env=env)
    assert admin.returncode == 0, admin.stderr
    assert "(admin)" in admin.stdout and "ml-lille" in admin.stdout
    plain = run("facilitator", "create", "claire", env=env)  # the default organisation, a facilitator
    assert plain.returncode == 0 and "(mission-locale)" in plain.stdout
    unknown = run("facilitator", "create", "zoe", "--org", "ml-nulle-part", env=env)
    assert unknown.returncode == 1 and "ml-nulle-part" in unknown.stderr and "eclats org list" in unknown.stderr

    listed = run("org", "list", env=env)
    assert listed.returncode == 0, listed.stderr
    lines = [line.split("\t") for line in listed.stdout.splitlines()]
    assert lines == [
        ["mission-locale", "1 compte(s)", "0 session(s)", "Mission Locale"],
        ["ml-lille", "1 compte(s)", "0 session(s)", "Mission Locale de Lille"],
    ]

    from api import create_app

    app = create_app({"INSTANCE_DIR": tmp_path, "DATABASE_URL": env["DATABASE_URL"], "TESTING": True})
    client = app.test_client()
    r = client.post("/api/auth/login", json={"username": "ada", "password": "un-bon-mot-de-passe"})
    token = {"Authorization": f"Bearer {r.json['token']}"}
    orgs = client.get("/api/admin/organisations", headers=token).json
    claire = client.post("/api/auth/login", json={"username": "claire", "password": "un-bon-mot-de-passe"}).json
    app.extensions["eclats.engine"].dispose()
    assert r.json["facilitator"]["role"] == "admin"
    assert r.json["facilitator"]["organisation_id"] == next(o["id"] for o in orgs if o["slug"] == "ml-lille")
    assert claire["facilitator"]["role"] == "facilitator" and claire["facilitator"]["organisation_id"] == 1
