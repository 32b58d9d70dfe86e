from __future__ import annotations

from pathlib import Path

from dossier.ingest.catalogue import language_tag, load_catalogue

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "catalogue.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_project_catalogue_is_clean() -> None:
    cat = load_catalogue(ROOT / "seeds" / "catalogue.toml", "seeds/catalogue.toml")
    assert not cat.diagnostics
    assert len(cat.entries) >= 5


def test_misspelled_key_names_line_and_suggests(tmp_path: Path) -> None:
    cat = load_catalogue(write(tmp_path, '[documents."a.txt"]\ntitle = "A"\npublisherr = "X"\n'),
                         "seeds/catalogue.toml")
    (d,) = cat.diagnostics
    assert str(d) == ("seeds/catalogue.toml:3: error: unknown key 'publisherr' for a.txt — "
                      "did you mean 'publisher'?")


def test_impossible_date(tmp_path: Path) -> None:
    cat = load_catalogue(write(tmp_path, '[documents."a.txt"]\ndate = "2023-02-30"\n'), "c.toml")
    assert "impossible or malformed date" in cat.diagnostics[0].message
    assert cat.diagnostics[0].line == 2


def test_language_is_a_registered_tag(tmp_path: Path) -> None:
    cat = load_catalogue(write(tmp_path, '[documents."a.txt"]\nlanguage = "urdu"\n'
                                         '[documents."b.txt"]\nlanguage = "ur-PK"\n'), "c.toml")
    (d,) = cat.diagnostics
    assert (d.line, d.message, d.severity) == (2, "unknown language tag 'urdu'", "error")
    assert [language_tag(v) for v in ("ur", "en_gb", "zh-hans", "xx", "", 3)] == [
        "ur", "en-GB", "zh-Hans", "", "", ""]


def test_bad_toml_is_reported(tmp_path: Path) -> None:
    cat = load_catalogue(write(tmp_path, '[documents."a.txt"\n'), "c.toml")
    assert cat.diagnostics[0].severity == "error"
    assert "not valid TOML" in cat.diagnostics[0].message


def test_duplicate_slug(tmp_path: Path) -> None:
    cat = load_catalogue(write(tmp_path, '[documents."a.txt"]\nslug = "x"\n'
                                         '[documents."b.txt"]\nslug = "x"\n'), "c.toml")
    assert any("already used" in d.message for d in cat.diagnostics)


def test_the_catalogue_is_kept_by_its_bytes(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from dossier.ingest import catalogue as C
    from dossier.util.cache import Cache

    path = tmp_path / "catalogue.toml"
    path.write_text('[documents."a.txt"]\nslug = "a"\ndate = "2023-02-30"\n', "utf-8")
    parsed: list[str] = []
    real = C.load_catalogue

    def counting(p: Path, rel: str) -> C.Catalogue:
        parsed.append(rel)
        return real(p, rel)

    monkeypatch.setattr(C, "load_catalogue", counting)
    cache = Cache(tmp_path / "cache", "ingest")
    first = C.kept_catalogue(path, "seeds/catalogue.toml", cache)
    assert first == real(path, "seeds/catalogue.toml") and first.diagnostics  # the bad date
    assert C.kept_catalogue(path, "seeds/catalogue.toml", cache) == first
    assert len(parsed) == 1  # the second time, kept
    path.write_text('[documents."a.txt"]\nslug = "b"\n', "utf-8")
    now = C.kept_catalogue(path, "seeds/catalogue.toml", cache)
    assert len(parsed) == 2 and now.entries == {"a.txt": {"slug": "b"}}
    assert C.kept_catalogue(tmp_path / "none.toml", "x", cache).entries == {}
    assert C.kept_catalogue(path, "seeds/catalogue.toml", Cache(None, "ingest")) == now
    assert len(parsed) == 4  # no cache folder: parsed every time (and the missing file)
