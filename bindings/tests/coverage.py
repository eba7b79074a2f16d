#!/usr/bin/env python3
"""Every exported item is used by every language's binding tests (STYLE.md habit 10).

Lists the public API from the generated bindings, not from the Rust sources, so that it is what
an app really sees:

  Python  $FIELDSALES_BINDINGS/python/fieldsales_ffi.py
          module-level functions, the methods and constructors of `class FieldSales`, the
          methods of the listener traits (the classes uniffi generates foreign-trait glue for)
  Kotlin  $FIELDSALES_BINDINGS/kotlin/com/fieldsales/ffi/fieldsales_ffi.kt
          top-level public functions, `interface FieldSalesInterface`, the companion object of
          `class FieldSales` (constructors), the listener interfaces

and looks for a use of each in that language's tests (bindings/tests/python/**/*.py,
bindings/tests/kotlin/**/*.kt): a method as `.name`, a constructor as `FieldSales.name`, a
function as a call or `.name`, a listener method as an implementation (`def name` /
`fun name`). Comments and strings do not count.

Prints how many items it checked per language and each missing item; exits 1 if any item is
missing, if the two languages' lists disagree (a parser that lost its way), or if a generated
file that is needed is absent. A language whose test folder has no test files yet is reported
as "not checked yet" and does not fail.
"""

from __future__ import annotations

import ast
import io
import os
import re
import sys
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "bindings" / "tests"
OBJECT = "FieldSales"

# kinds of item, in the order they are reported
CONSTRUCTOR, METHOD, FUNCTION, LISTENER = "constructor", "method", "function", "listener method"


@dataclass(frozen=True)
class Item:
    kind: str
    owner: str  # FieldSales, a listener trait, or "" for a top-level function
    name: str  # as the language spells it

    @property
    def label(self) -> str:
        return f"{self.owner}.{self.name}" if self.owner else self.name

    def key(self) -> tuple[str, str, str]:
        """The same item in any language: names in snake_case."""
        return self.kind, self.owner, snake(self.name)


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def internal(name: str) -> bool:
    return name.startswith("_") or name.lower().startswith(("uniffi", "ffi"))


# ---------------------------------------------------------------------------------- Python


def python_api(source: str) -> list[Item]:
    tree = ast.parse(source)
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    exported = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            exported = set(ast.literal_eval(node.value))
    items: list[Item] = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not internal(node.name):
            if exported is None or node.name in exported:
                items.append(Item(FUNCTION, "", node.name))
    if OBJECT not in classes:
        raise ParseError(f"no `class {OBJECT}` in the Python bindings")
    for node in classes[OBJECT].body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not internal(node.name):
            is_ctor = any(
                isinstance(d, ast.Name) and d.id in ("classmethod", "staticmethod")
                for d in node.decorator_list
            )
            items.append(Item(CONSTRUCTOR if is_ctor else METHOD, OBJECT, node.name))
    # foreign traits: uniffi generates `_UniffiTraitImpl<Trait>Impl` glue for each
    traits = sorted(
        {m.group(1) for m in re.finditer(r"\bclass _UniffiTraitImpl(\w+?)Impl\b", source)}
    )
    for trait in traits:
        if trait not in classes:
            raise ParseError(f"listener trait {trait} has glue but no class")
        for node in classes[trait].body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not internal(
                node.name
            ):
                items.append(Item(LISTENER, trait, node.name))
    return items


@dataclass
class PythonUses:
    attributes: set[str] = field(default_factory=set)  # `.name`
    calls: set[str] = field(default_factory=set)  # `name(`
    defined: set[str] = field(default_factory=set)  # `def name`
    qualified: set[str] = field(default_factory=set)  # `Owner.name`

    def add(self, source: str) -> None:
        names = [
            t
            for t in tokenize.generate_tokens(io.StringIO(source).readline)
            if t.type in (tokenize.NAME, tokenize.OP)
        ]
        for i, tok in enumerate(names):
            if tok.type != tokenize.NAME:
                continue
            before = names[i - 1] if i > 0 else None
            after = names[i + 1] if i + 1 < len(names) else None
            if before is not None and before.string == ".":
                self.attributes.add(tok.string)
                if i >= 2 and names[i - 2].type == tokenize.NAME:
                    self.qualified.add(f"{names[i - 2].string}.{tok.string}")
            if after is not None and after.string == "(":
                self.calls.add(tok.string)
            if before is not None and before.string == "def":
                self.defined.add(tok.string)

    def uses(self, item: Item) -> bool:
        if item.kind == CONSTRUCTOR:
            return item.label in self.qualified
        if item.kind == METHOD:
            return item.name in self.attributes
        if item.kind == FUNCTION:
            return item.name in self.attributes or item.name in self.calls
        return item.name in self.defined or item.name in self.attributes


# ---------------------------------------------------------------------------------- Kotlin


def kotlin_clean(source: str) -> str:
    """The source with comments and string/char literals blanked (newlines kept) and
    backquoted names unquoted, so that braces and names can be found with regexes."""
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if source.startswith("//", i):
            j = source.find("\n", i)
            i = n if j < 0 else j
        elif source.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if source.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif source.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", source[i:j]))
            i = j
        elif source.startswith('"""', i):
            j = source.find('"""', i + 3)
            j = n if j < 0 else j + 3
            while j < n and source[j] == '"':  # a raw string may end in more quotes
                j += 1
            out.append('""' + re.sub(r"[^\n]", " ", source[i + 2 : j - 2]) + '""')
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and source[j] != c and source[j] != "\n":
                j += 2 if source[j] == "\\" else 1
            out.append(c + " " * max(0, j - i - 1) + c)
            i = j + 1
        elif c == "`":
            j = source.find("`", i + 1)
            j = n if j < 0 else j
            out.append(re.sub(r"\W", "_", source[i + 1 : j]))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def depths(clean: str) -> list[int]:
    """The brace depth before each character."""
    d, result = 0, []
    for c in clean:
        result.append(d)
        if c == "{":
            d += 1
        elif c == "}":
            d -= 1
    return result


def block(clean: str, start: int) -> tuple[int, int]:
    """The span inside the first `{...}` at or after `start`."""
    open_at = clean.index("{", start)
    d = 0
    for j in range(open_at, len(clean)):
        if clean[j] == "{":
            d += 1
        elif clean[j] == "}":
            d -= 1
            if d == 0:
                return open_at + 1, j
    raise ParseError("unbalanced braces")


# `fun name(`, `suspend fun <T> name(`, and extension functions `fun <T> T.name(` (group 1 is the
# receiver: uniffi's helpers such as `T.use`, never an exported function)
FUN = re.compile(r"\bfun\s*(?:<[^>]*>\s*)?([\w.?]+\.)?(\w+)\s*\(")
HIDDEN = re.compile(r"\b(private|internal|protected)\b")


def funs_at(clean: str, lo: int, hi: int, at_depth: int, d: list[int]) -> list[str]:
    names = []
    for m in FUN.finditer(clean, lo, hi):
        if d[m.start()] != at_depth:
            continue
        line_start = clean.rfind("\n", 0, m.start()) + 1
        if m.group(1) or HIDDEN.search(clean[line_start : m.start()]):
            continue
        names.append(m.group(2))
    return names


def declaration(clean: str, d: list[int], pattern: str) -> int:
    for m in re.finditer(pattern, clean):
        if d[m.start()] == 0:
            return m.start()
    raise ParseError(f"no top-level `{pattern}` in the Kotlin bindings")


def kotlin_api(source: str) -> list[Item]:
    clean = kotlin_clean(source)
    d = depths(clean)
    items = [
        Item(FUNCTION, "", name)
        for name in funs_at(clean, 0, len(clean), 0, d)
        if not internal(name)
    ]
    lo, hi = block(clean, declaration(clean, d, rf"\binterface\s+{OBJECT}Interface\b"))
    items += [Item(METHOD, OBJECT, name) for name in funs_at(clean, lo, hi, 1, d)]
    lo, hi = block(clean, declaration(clean, d, rf"\bclass\s+{OBJECT}\b"))
    companion = re.compile(r"\bcompanion\s+object\s*\{").search(clean, lo, hi)
    if companion:
        c_lo, c_hi = block(clean, companion.start())
        items += [Item(CONSTRUCTOR, OBJECT, n) for n in funs_at(clean, c_lo, c_hi, 2, d)]
    traits = sorted({m.group(1) for m in re.finditer(r"\bobject\s+uniffiCallbackInterface(\w+)", clean)})
    for trait in traits:
        lo, hi = block(clean, declaration(clean, d, rf"\binterface\s+{trait}\b"))
        items += [Item(LISTENER, trait, name) for name in funs_at(clean, lo, hi, 1, d)]
    return items


class KotlinUses:
    def __init__(self) -> None:
        self.text = ""

    def add(self, source: str) -> None:
        # an import names a function without using it
        code = re.sub(r"(?m)^\s*(?:import|package)\s.*$", "", kotlin_clean(source))
        self.text += code + "\n"

    def uses(self, item: Item) -> bool:
        name = re.escape(item.name)
        if item.kind == CONSTRUCTOR:
            pattern = rf"\b{item.owner}(?:\s*\.\s*Companion)?\s*(?:\.|::)\s*{name}\b"
        elif item.kind == METHOD:
            pattern = rf"(?:\.|::)\s*{name}\b"
        elif item.kind == FUNCTION:
            pattern = rf"(?:\.|::)\s*{name}\b|(?<!fun )(?<![\w.])\b{name}\s*\("
        else:
            pattern = rf"\bfun\s+{name}\s*\(|(?:\.|::)\s*{name}\b"
        return re.search(pattern, self.text) is not None


# ---------------------------------------------------------------------------------- main


class ParseError(Exception):
    pass


@dataclass
class Language:
    name: str
    generated: Path
    tests: Path
    pattern: str
    parse: object
    uses: object


def main() -> int:
    bindings = Path(os.environ.get("FIELDSALES_BINDINGS") or ROOT / "target" / "bindings")
    languages = [
        Language("python", bindings / "python" / "fieldsales_ffi.py", TESTS / "python", "*.py",
                 python_api, PythonUses),
        Language("kotlin", bindings / "kotlin" / "com" / "fieldsales" / "ffi" / "fieldsales_ffi.kt",
                 TESTS / "kotlin", "*.kt", kotlin_api, KotlinUses),
    ]
    failed = False
    apis: dict[str, list[Item]] = {}
    for lang in languages:
        test_files = sorted(p for p in lang.tests.rglob(lang.pattern) if p.is_file()) if lang.tests.is_dir() else []
        if not lang.generated.is_file():
            if test_files:
                print(f"{lang.name}: cannot check: {lang.generated} is missing (run scripts/bindings)")
                failed = True
            else:
                print(f"{lang.name}: not checked yet (no generated bindings, no tests)")
            continue
        try:
            api = lang.parse(lang.generated.read_text())
        except (ParseError, SyntaxError, ValueError) as e:
            print(f"{lang.name}: cannot read the exported API from {lang.generated}: {e}")
            failed = True
            continue
        empty = [k for k in (CONSTRUCTOR, METHOD, FUNCTION, LISTENER) if not any(i.kind == k for i in api)]
        if empty:
            print(f"{lang.name}: the parser found no {', '.join(empty)} in {lang.generated}")
            failed = True
        apis[lang.name] = api
        counts = ", ".join(
            f"{sum(1 for i in api if i.kind == k)} {k}s" for k in (CONSTRUCTOR, METHOD, FUNCTION, LISTENER)
        )
        if not test_files:
            print(f"{lang.name}: not checked yet: no {lang.pattern} files under "
                  f"{lang.tests.relative_to(ROOT)} ({len(api)} items to cover: {counts})")
            continue
        uses = lang.uses()
        for path in test_files:
            uses.add(path.read_text())
        missing = [i for i in api if not uses.uses(i)]
        print(f"{lang.name}: {len(api)} items checked ({counts}) in {len(test_files)} test files: "
              + (f"{len(missing)} missing" if missing else "all used"))
        for item in missing:
            print(f"missing [{lang.name}] {item.kind} {item.label}")
        failed |= bool(missing)

    if len(apis) == 2:
        py, kt = ({i.key() for i in apis[n]} for n in ("python", "kotlin"))
        for key in sorted(py - kt):
            print(f"parsers disagree: {key[0]} {key[1]}.{key[2]} is in Python's API, not in Kotlin's")
        for key in sorted(kt - py):
            print(f"parsers disagree: {key[0]} {key[1]}.{key[2]} is in Kotlin's API, not in Python's")
        failed |= py != kt
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
