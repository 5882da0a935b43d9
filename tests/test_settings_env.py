from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from training_portal.env import env_bool, env_int, env_list, env_str, lockout_parameters, parse_database_url


def test_boolean_accepts_the_usual_spellings(monkeypatch):
    for raw, expected in [("1", True), ("yes", True), ("On", True), ("0", False), ("false", False), ("OFF", False)]:
        monkeypatch.setenv("FLAG", raw)
        assert env_bool("FLAG", not expected) is expected


def test_boolean_typo_is_refused_instead_of_defaulting(monkeypatch):
    monkeypatch.setenv("FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        env_bool("FLAG", False)


def test_missing_values_take_their_defaults(monkeypatch):
    monkeypatch.delenv("NOPE", raising=False)
    assert env_bool("NOPE", True) is True
    assert env_int("NOPE", 7) == 7
    assert env_list("NOPE", ["a"]) == ["a"]


def test_integer_that_is_not_a_number_is_refused(monkeypatch):
    monkeypatch.setenv("SIZE", "10MB")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("SIZE", 1)


def test_list_is_split_on_commas_and_trimmed(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.gov.vn, b.gov.vn ,,")
    assert env_list("HOSTS", []) == ["a.gov.vn", "b.gov.vn"]


def test_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cr3t\n", encoding="utf-8")
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    assert env_str("SECRET_KEY") == "s3cr3t"


def test_unreadable_secret_file_is_reported(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        env_str("SECRET_KEY")


def test_postgres_url_becomes_a_database_entry():
    db = parse_database_url(
        "postgres://tp:p%40ss@db.internal:5433/training?conn_max_age=60&sslmode=require", Path("/app")
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "training",
        "tp",
        "p@ss",
        "db.internal",
        "5433",
    )
    assert db["CONN_MAX_AGE"] == 60
    assert db["OPTIONS"] == {"sslmode": "require", "options": "-c jit=off"}


def test_sqlite_url_is_relative_to_the_project_unless_absolute():
    assert parse_database_url("sqlite:///db.sqlite3", Path("/app"))["NAME"] == "/app/db.sqlite3"
    assert parse_database_url("sqlite:////var/lib/tp.db", Path("/app"))["NAME"] == "/var/lib/tp.db"


@pytest.mark.parametrize("url", ["mysql://root@localhost/x", "postgres://localhost", "sqlite://"])
def test_unsupported_or_incomplete_database_url_is_refused(url):
    with pytest.raises(ImproperlyConfigured):
        parse_database_url(url, Path("/app"))


def test_postgres_connections_open_without_jit_and_with_the_lock_timeout():
    url = "postgres://tp@db/training?sslmode=require"
    assert parse_database_url(url, Path("/app"), lock_timeout=7)["OPTIONS"] == {
        "sslmode": "require",
        "options": "-c jit=off -c lock_timeout=7s",
    }
    with_options = parse_database_url(url + "&options=-c%20statement_timeout%3D60s", Path("/app"), lock_timeout=7)
    assert with_options["OPTIONS"]["options"] == "-c jit=off -c statement_timeout=60s -c lock_timeout=7s"
    jit_on = parse_database_url(url + "&options=-c%20jit%3Don", Path("/app"), lock_timeout=0)["OPTIONS"]["options"]
    assert jit_on == "-c jit=off -c jit=on"  # the URL's own option comes later, and wins
    assert parse_database_url(url, Path("/app"), lock_timeout=0)["OPTIONS"]["options"] == "-c jit=off"
    assert "options" not in parse_database_url("sqlite:///db.sqlite3", Path("/app"), lock_timeout=7)["OPTIONS"]


def test_lockout_parameters_read_single_fields_and_combinations():
    assert lockout_parameters(["username+ip_address"], "X") == [["username", "ip_address"]]
    assert lockout_parameters(["username", "ip_address"], "X") == ["username", "ip_address"]


@pytest.mark.parametrize("items", [["user"], ["username+username"], [], ["username+"]])
def test_lockout_parameters_refuse_a_typo(items):
    with pytest.raises(ImproperlyConfigured, match="LOGIN_LOCKOUT_BY"):
        lockout_parameters(items, "LOGIN_LOCKOUT_BY")
