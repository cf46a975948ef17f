import re

import pytest

from mapapp.config import DERBYSHIRE_DISTRICTS, PROJECT_ROOT, SETTINGS, build_config, resolve_path


def test_defaults_are_the_derbyshire_area_and_an_embedded_database():
    config = build_config(environ={})
    assert config["AREA_DISTRICTS"] == DERBYSHIRE_DISTRICTS
    assert len(config["AREA_DISTRICTS"]) == 9 and "E06000015" in config["AREA_DISTRICTS"]
    assert config["DATABASE_URL"] is None  # create_app then picks instance/mapapp.sqlite
    assert config["NEIGHBOUR_BUFFER_M"] == 5000


def test_layers_apply_in_order_instance_then_environment_then_overrides():
    config = build_config(
        instance_values={"AREA_MARGIN_M": 100, "TILES_URL": "from-instance"},
        environ={"MAPAPP_AREA_MARGIN_M": "250", "MAPAPP_AREA_DISTRICTS": "E07000032, E07000033"},
        overrides={"TILES_URL": "from-test"},
    )
    assert config["AREA_MARGIN_M"] == 250  # env beats instance, and is parsed as int
    assert config["AREA_DISTRICTS"] == ("E07000032", "E07000033")
    assert config["TILES_URL"] == "from-test"


def test_database_url_is_read_unprefixed_as_hosting_platforms_set_it():
    assert (
        build_config(environ={"DATABASE_URL": "postgresql+psycopg://x/y"})["DATABASE_URL"]
        == "postgresql+psycopg://x/y"
    )
    assert (
        build_config(environ={"DATABASE_URL": "a", "MAPAPP_DATABASE_URL": "b"})["DATABASE_URL"]
        == "b"
    )


def test_a_bad_value_names_the_setting():
    with pytest.raises(ValueError, match="NEIGHBOUR_BUFFER_M"):
        build_config(environ={"MAPAPP_NEIGHBOUR_BUFFER_M": "two km"})


def test_relative_paths_are_taken_from_the_project_folder():
    assert (
        resolve_path("../shared/reference")
        == (PROJECT_ROOT.parent / "shared" / "reference").resolve()
    )
    assert str(resolve_path("/abs/path")) == "/abs/path"


def test_docs_configuration_table_lists_every_setting_and_no_other():
    page = (PROJECT_ROOT / "docs" / "running.md").read_text()
    documented = set(re.findall(r"^\| `MAPAPP_([A-Z_]+)` \|", page, flags=re.M))
    assert documented == {s.name for s in SETTINGS}


def test_without_a_secret_key_every_process_shares_one_kept_in_the_instance(tmp_path):
    import stat

    from mapapp.config import instance_secret_key

    first = instance_secret_key(tmp_path / "instance")
    assert len(first) == 64 and instance_secret_key(tmp_path / "instance") == first
    mode = (tmp_path / "instance" / "secret_key").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600  # readable by the app's own user only
    assert instance_secret_key(tmp_path / "other") != first
