"""Loading the library: the generated module finds libfieldsales_ffi, agrees with it on the uniffi
contract and on every function's checksum, and reports the workspace's version."""

import re
from pathlib import Path

import pytest

import fieldsales_ffi as fs
from conftest import ROOT


def workspace_version() -> str:
    text = (ROOT / "Cargo.toml").read_text()
    try:
        import tomllib
    except ModuleNotFoundError:  # Python < 3.11
        section = re.search(r"^\[workspace\.package\]\n(.*?)(?=^\[)", text, re.S | re.M).group(1)
        return re.search(r'^version\s*=\s*"([^"]+)"', section, re.M).group(1)
    return tomllib.loads(text)["workspace"]["package"]["version"]


def test_the_library_loads_next_to_the_module_and_passes_the_uniffi_checks():
    lib = fs._UniffiLib
    assert Path(lib._name).name == "libfieldsales_ffi.so"
    assert Path(lib._name).resolve().parent == Path(fs.__file__).resolve().parent
    # the import already ran the contract check; the checksum check is generated but left
    # commented out on import by uniffi 0.32's Python template, so the test runs both itself
    fs._uniffi_check_contract_api_version(lib)
    fs._uniffi_check_api_checksums(lib)


def test_core_version_is_the_workspace_version():
    assert fs.core_version() == workspace_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?", fs.core_version())


def test_a_checksum_mismatch_is_refused(monkeypatch):
    # the check compares each function's checksum in the library with the one the module was
    # generated with; a library built from other sources fails here instead of misbehaving
    name = "uniffi_fieldsales_ffi_checksum_func_core_version"
    real = getattr(fs._UniffiLib, name)
    monkeypatch.setattr(fs._UniffiLib, name, lambda: (real() + 1) % 65536)
    with pytest.raises(fs.InternalError, match="checksum mismatch"):
        fs._uniffi_check_api_checksums(fs._UniffiLib)


def test_money_uses_the_cores_currency_table():
    assert [fs.currency_decimals(c) for c in ["VND", "JPY", "THB", "CNY", "EUR", "IRR", "KWD"]] == [
        0, 0, 2, 2, 2, 2, 3]
    with pytest.raises(fs.FieldSalesError.Invalid):
        fs.currency_decimals("XYZ")
    assert fs.format_money(25_000, "VND") == "25000"
    assert fs.format_money(150_000, "THB") == "1500.00"
    assert fs.format_money(-1_234, "KWD") == "-1.234"
