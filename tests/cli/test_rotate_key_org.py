"""``eclats badges rotate-key --org SLUG`` (issue 16): one organisation's signing key
changes, the others' stay."""

from __future__ import annotations

from pathlib import Path

from badges.keys import KeyRing

from .test_cli import run


def test_rotating_one_organisations_key_leaves_the_others(tmp_path: Path) -> None:
    env = {"ECLATS_INSTANCE": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    made = run("org", "create", "--slug", "ml-lille", "--name", "Mission Locale de Lille", env=env)
    assert made.returncode == 0, made.stderr
    default = KeyRing(tmp_path / "badge-keys").active
    lille = KeyRing(tmp_path / "badge-keys" / "2").active  # the second organisation made: id 2

    out = run("badges", "rotate-key", "--org", "ml-lille", env=env)
    assert out.returncode == 0, out.stderr
    assert f"Ancienne clé : {lille.did}" in out.stdout
    assert KeyRing(tmp_path / "badge-keys" / "2").active != lille
    assert KeyRing(tmp_path / "badge-keys").active == default
    assert len(list((tmp_path / "badge-keys" / "2").glob("*.pem"))) == 2

    unknown = run("badges", "rotate-key", "--org", "nulle-part", env=env)
    assert unknown.returncode == 1 and "nulle-part" in unknown.stderr and "eclats org list" in unknown.stderr
    assert KeyRing(tmp_path / "badge-keys").active == default
