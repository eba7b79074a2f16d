#!/usr/bin/env bash
# A static guard for the Swift in ios/, for hosts without a Swift compiler (and a quick one with).
# It reads the generated bindings (FieldSalesFFI.swift) and checks that the hand-written Swift
# only uses what they declare:
#   - every `ffi.name(labels:)` call on the binding object, and `FieldSales.create/open(...)`,
#     names a method of `FieldSales` with exactly those argument labels
#   - every `FieldSalesFFI.name(...)` free function (login, coreVersion) exists, with its labels
#   - every record built by hand (`NewLine(productId:qtyMilli:discountBp:)`) passes exactly the
#     labels of the generated memberwise init, in order
#   - every `FieldSalesError.Case` / `.Case(...)` names a case, with its labels or its arity
#   - members read on variables named after a record (`order.totalMinor`) exist on it, and
#     unit-suffixed members anywhere (`*Minor`, `*Milli`, `*Bp`, `*Ms`, `*Id`, ...) exist on
#     some record or in ios/ itself
#   - listener classes implement `onChanged(kind:)`, `onProgress(progress:)`, `onState(state:)`
#   - no bare `Task` in files that import FieldSalesFFI (its `Task` record shadows Swift's)
#   - the Xcode project is well formed and points at files that exist
# Prints one line per failure and ends with `N passed, N failed` over the names it checked.
#
#   FIELDSALES_BINDINGS=target/bindings bash ios/check-sources.sh    (the default; run
#   `bash scripts/bindings` first) -- a directory holding swift/FieldSalesFFI.swift or
#   FieldSalesFFI.swift itself.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
B="${FIELDSALES_BINDINGS:-$ROOT/target/bindings}"
if [ -f "$B/swift/FieldSalesFFI.swift" ]; then
    GEN="$B/swift/FieldSalesFFI.swift"
elif [ -f "$B/FieldSalesFFI.swift" ]; then
    GEN="$B/FieldSalesFFI.swift"
else
    echo "check-sources: no FieldSalesFFI.swift in $B or $B/swift: run 'bash scripts/bindings' first" >&2
    exit 2
fi
command -v python3 >/dev/null 2>&1 || {
    echo "check-sources: needs python3" >&2
    exit 2
}
exec python3 - "$GEN" "$HERE" "${CHECK_SOURCES_VERBOSE:-0}" <<'PY'
import os
import re
import sys

gen_path, ios, verbose = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
gen = open(gen_path, encoding="utf-8").read()
passed = 0
failed = 0


def ok(what):
    global passed
    passed += 1
    if verbose:
        print(f"ok   {what}")


def fail(what):
    global failed
    failed += 1
    print(f"FAIL {what}")


def split_top(s, sep=","):
    """Split on `sep` outside (), [], {} and string literals."""
    parts, depth, cur, i, in_str = [], 0, [], 0, False
    while i < len(s):
        ch = s[i]
        if in_str:
            cur.append(ch)
            if ch == "\\" and i + 1 < len(s):
                cur.append(s[i + 1])
                i += 2
                continue
            if ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
            cur.append(ch)
        elif ch in "([{":
            depth += 1
            cur.append(ch)
        elif ch in ")]}":
            depth -= 1
            cur.append(ch)
        elif ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    if "".join(cur).strip():
        parts.append("".join(cur))
    return parts


def balanced(s, start):
    """The text inside the parenthesis opening at s[start], and the index after it."""
    depth, i, in_str = 0, start, False
    while i < len(s):
        ch = s[i]
        if in_str:
            if ch == "\\":
                i += 2
                continue
            if ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return s[start + 1 : i], i + 1
        i += 1
    return s[start + 1 :], len(s)


class Param(str):
    """An argument label as declared; `default` when the argument may be left out."""

    default = False


def decl_labels(params):
    """Argument labels of a declaration's parameter list: `_ x: T` has none (None)."""
    labels = []
    params = re.sub(r"//[^\n]*", "", re.sub(r"/\*.*?\*/", "", params, flags=re.S))
    for p in split_top(params):
        head = p.split(":", 1)[0].split()
        if not head:
            continue
        label = head[0].strip("`")
        param = Param("_" if label == "_" else label)
        param.default = "=" in p.split(":", 1)[1] if ":" in p else False
        labels.append(param)
    return labels


def matches(got, declared):
    """Whether call labels fit a declaration: in order, leaving out only defaulted ones."""
    i = 0
    for param in declared:
        label = None if param == "_" else str(param)
        if i < len(got) and got[i] == label:
            i += 1
        elif not param.default:
            return False
    return i == len(got)


LABEL = re.compile(r"^\s*([A-Za-z_]\w*)\s*:(?!:)")


def call_labels(args):
    return [m.group(1) if (m := LABEL.match(a)) else None for a in split_top(args)]


def fmt(labels):
    return "(" + "".join(f"{l or '_'}{'=' if getattr(l, 'default', False) else ''}:" for l in labels) + ")"


# ---- what the bindings declare -------------------------------------------------------------

cls = gen[gen.index("open class FieldSales:") : gen.index("public struct FfiConverterTypeFieldSales:")]
methods, statics = {}, {}
for m in re.finditer(r"(open func|public static func)\s+`?(\w+)`?\s*\(", cls):
    params, _ = balanced(cls, m.end() - 1)
    (statics if "static" in m.group(1) else methods)[m.group(2)] = decl_labels(params)

functions = {}
for m in re.finditer(r"^public func\s+(\w+)\s*\(", gen, re.M):
    if not m.group(1).startswith("FfiConverter"):
        params, _ = balanced(gen, m.end() - 1)
        functions[m.group(1)] = decl_labels(params)

records, props = {}, {}
for m in re.finditer(r"^public struct (\w+): Equatable, Hashable \{(.*?)^\}", gen, re.M | re.S):
    name, body = m.group(1), m.group(2)
    props[name] = set(re.findall(r"public (?:var|let) (\w+):", body))
    i = body.find("public init(")
    if i >= 0:
        params, _ = balanced(body, i + len("public init"))
        records[name] = decl_labels(params)

enums = {}
for m in re.finditer(r"public\s+enum (\w+)\s*:[^{]*\{(.*?)^\}", gen, re.M | re.S):
    cases = {}
    for c in re.finditer(r"^\s*case (\w+)(\(([^)]*)\))?", m.group(2), re.M):
        cases[c.group(1)] = decl_labels(c.group(3)) if c.group(2) else []
    enums[m.group(1)] = cases
errors = enums.get("FieldSalesError", {})

listeners = {}
for proto in ("DataListener", "SyncListener"):
    m = re.search(r"public protocol %s: [^{]*\{(.*?)^\}" % proto, gen, re.M | re.S)
    listeners[proto] = [
        (f.group(1), decl_labels(f.group(2))) for f in re.finditer(r"func (\w+)\(([^)]*)\)", m.group(1))
    ] if m else []

for what, found in (("FieldSales methods", methods), ("records", records), ("FieldSalesError cases", errors),
                    ("listener protocols", listeners.get("DataListener"))):
    if not found:
        print(f"check-sources: found no {what} in {gen_path}; has the generator changed?", file=sys.stderr)
        sys.exit(2)

# ---- the hand-written Swift -----------------------------------------------------------------


def strip(src):
    """Comments and string contents blanked (interpolations kept), positions kept."""
    out, i, n = [], 0, len(src)
    while i < n:
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif src[i] == '"':
            triple = src.startswith('"""', i)
            q = '"""' if triple else '"'
            out.append(q)
            i += len(q)
            while i < n and not src.startswith(q, i):
                if src.startswith("\\(", i):  # keep interpolations: they are code
                    inner, j = balanced(src, i + 1)
                    out.append("\\(" + strip(inner) + ")")
                    i = j
                elif src[i] == "\\":
                    out.append("  ")
                    i += 2
                elif src[i] == "\n":
                    out.append("\n")
                    i += 1
                else:
                    out.append(" ")
                    i += 1
            out.append(q)
            i += len(q)
        else:
            out.append(src[i])
            i += 1
    return "".join(out)


sources = []
for d, dirs, files in os.walk(ios):
    dirs[:] = [x for x in dirs if x not in (".build", ".swiftpm", "DerivedData", "FieldSalesFFI.xcframework")]
    if os.path.relpath(d, ios).replace(os.sep, "/").endswith("Sources/FieldSalesFFI"):
        continue  # the generated bindings themselves
    for f in sorted(files):
        if f.endswith(".swift") and f != "Package.swift":
            sources.append(os.path.join(d, f))
if not sources:
    print("check-sources: no Swift sources under ios/", file=sys.stderr)
    sys.exit(2)

# names declared in ios/ (extensions, models), allowed as members too
declared = set()
for path in sources:
    declared.update(re.findall(r"\b(?:func|var|let|case)\s+`?(\w+)", strip(open(path, encoding="utf-8").read())))

# variables named after records: `order.totalMinor` must be a member of Order
ALIASES = {
    "account": ["Account", "NewAccount"], "line": ["Line", "NewLine"], "product": ["Product", "NewProduct"],
    "contact": ["Contact", "NewContact"], "order": ["Order"], "quote": ["Quote"], "task": ["Task"],
    "visit": ["Visit"], "kpi": ["Kpi"], "conflict": ["Conflict"], "rejection": ["Rejection"],
    "stroke": ["Stroke"], "point": ["StrokePoint", "GeoPoint"], "me": ["Identity"], "who": ["Identity"],
    "identity": ["Identity"], "plan": ["DayPlan"], "stop": ["PlanStop"], "due": ["DueAccount"],
    "attainment": ["Attainment"], "detail": ["AccountDetail"], "signature": ["QuoteSignature", "SignatureInput"],
    "approval": ["QuoteApproval"], "report": ["SyncReport"], "progress": ["SyncProgress"], "loser": ["ConflictValue"],
    "winner": ["ConflictValue"], "territory": ["Territory"], "stock": ["Stock"], "hit": ["SearchHit"],
}
extension_members = {}
for path in sources:
    s = strip(open(path, encoding="utf-8").read())
    for m in re.finditer(r"\bextension (\w+)\b[^{]*\{", s):
        body, _ = balanced(s.replace("{", "(").replace("}", ")"), m.end() - 1)
        extension_members.setdefault(m.group(1), set()).update(re.findall(r"\b(?:func|var)\s+(\w+)", body))
UNIT = re.compile(r"(?<![\w.])[a-z]\w*\??\.([a-z]\w*(?:Minor|Milli|Bp|Ms|Id|Km|Pct|Json|Days))\b")
all_props = set().union(*props.values())

for path in sources:
    rel = os.path.relpath(path, os.path.dirname(ios))
    raw = open(path, encoding="utf-8").read()
    s = strip(raw)
    line_of = lambda pos: s.count("\n", 0, pos) + 1
    where = lambda pos: f"{rel}:{line_of(pos)}"
    imports_ffi = re.search(r"^\s*(@testable\s+)?import FieldSalesFFI\b", s, re.M) is not None

    # brackets balance (strings and comments aside): a cheap catch for a lost brace
    depth, bad = [], None
    for i, ch in enumerate(s):
        if ch in "([{":
            depth.append((ch, i))
        elif ch in ")]}":
            if not depth or depth[-1][0] != "([{"[")]}".index(ch)]:
                bad = i
                break
            depth.pop()
    if bad is not None:
        fail(f"{where(bad)}: unmatched {s[bad]!r}")
    elif depth:
        fail(f"{where(depth[-1][1])}: {depth[-1][0]!r} never closed")
    else:
        ok(f"{rel}: brackets balance")

    # binding calls on the FieldSales object
    for m in re.finditer(r"(?<![\w.])ffi\.(\w+)\s*\(", s):
        name, (args, _) = m.group(1), balanced(s, m.end() - 1)
        if name not in methods:
            fail(f"{where(m.start())}: FieldSales has no method {name}")
        elif not matches(call_labels(args), methods[name]):
            fail(f"{where(m.start())}: ffi.{name}{fmt(call_labels(args))} but the bindings declare {name}{fmt(methods[name])}")
        else:
            ok(f"ffi.{name}{fmt(methods[name])}")
    for m in re.finditer(r"(?<![\w])FieldSales\.(\w+)\s*\(", s):
        name, (args, _) = m.group(1), balanced(s, m.end() - 1)
        if name not in statics:
            fail(f"{where(m.start())}: FieldSales has no constructor {name}")
        elif not matches(call_labels(args), statics[name]):
            fail(f"{where(m.start())}: FieldSales.{name}{fmt(call_labels(args))} but the bindings declare {fmt(statics[name])}")
        else:
            ok(f"FieldSales.{name}{fmt(statics[name])}")
    for m in re.finditer(r"(?<![\w.])FieldSalesFFI\.(\w+)\s*\(", s):
        name, (args, _) = m.group(1), balanced(s, m.end() - 1)
        if name in records:
            continue  # checked as a record below
        if name not in functions:
            fail(f"{where(m.start())}: the bindings have no function {name}")
        elif not matches(call_labels(args), functions[name]):
            fail(f"{where(m.start())}: FieldSalesFFI.{name}{fmt(call_labels(args))} but the bindings declare {fmt(functions[name])}")
        else:
            ok(f"FieldSalesFFI.{name}{fmt(functions[name])}")
    for m in re.finditer(r"(?<![\w.])coreVersion\s*\(", s):
        ok("coreVersion()") if "coreVersion" in functions else fail(f"{where(m.start())}: no function coreVersion")

    # records built by hand
    for m in re.finditer(r"(?<![\w.])(?:FieldSalesFFI\.)?([A-Z]\w*)\s*\(", s):
        name = m.group(1)
        if name not in records or s[max(0, m.start() - 7) : m.start()].endswith(("struct ", "class ", "enum ")):
            continue
        args, _ = balanced(s, m.end() - 1)
        got = call_labels(args)
        if not matches(got, records[name]):
            fail(f"{where(m.start())}: {name}{fmt(got)} but its init is {name}{fmt(records[name])}")
        else:
            ok(f"{name}{fmt(records[name])}")

    # FieldSalesError cases: qualified anywhere, or `.Case` (capitalised) in patterns and calls
    for m in re.finditer(r"(?:FieldSalesError)?\.([A-Z]\w*)\b(\s*\()?", s):
        name, qualified = m.group(1), m.group(0).startswith("FieldSalesError")
        if not qualified and name not in errors:
            continue  # some other type's member (.Type, .Element, ...)
        if name not in errors:
            fail(f"{where(m.start())}: FieldSalesError has no case {name}")
            continue
        if m.group(2):
            args, _ = balanced(s, m.end() - 1)
            got = call_labels(args)
            if any(got) and not matches(got, errors[name]):
                fail(f"{where(m.start())}: FieldSalesError.{name}{fmt(got)} but the case is {name}{fmt(errors[name])}")
                continue
            if len(got) != len(errors[name]):
                fail(f"{where(m.start())}: FieldSalesError.{name} takes {len(errors[name])} values, given {len(got)}")
                continue
        ok(f"FieldSalesError.{name}")

    # members of variables named after records
    for m in re.finditer(r"(?<![\w.])(\w+)\??\.([a-zA-Z_]\w*)\b", s):
        var, member = m.group(1), m.group(2)
        types = ALIASES.get(var)
        if not types or not imports_ffi:
            continue
        known = set().union(*(props.get(t, set()) | extension_members.get(t, set()) for t in types))
        if member in known:
            ok(f"{'/'.join(types)}.{member}")
        else:
            fail(f"{where(m.start())}: {var}.{member}: no member {member} on {' or '.join(types)}")

    # unit-suffixed members anywhere
    for m in UNIT.finditer(s):
        member = m.group(1)
        if member in all_props or member in declared:
            ok(f".{member}")
        else:
            fail(f"{where(m.start())}: .{member} is on no record and not declared in ios/")

    # listeners
    for m in re.finditer(r"class (\w+)\s*:\s*([^{]*)\{", s):
        conforms = [re.sub(r"^@unchecked\s+", "", c.strip()) for c in m.group(2).split(",")]
        body, _ = balanced(s.replace("{", "(").replace("}", ")"), m.end() - 1)
        for proto in ("DataListener", "SyncListener"):
            if proto not in conforms:
                continue
            for fname, labels in listeners[proto]:
                fm = re.search(r"func %s\(([^)]*)\)\s*throws" % fname, body)
                if fm and decl_labels(fm.group(1)) == labels:
                    ok(f"{m.group(1)}.{fname}{fmt(labels)} throws")
                else:
                    fail(f"{where(m.start())}: {m.group(1)} must implement func {fname}{fmt(labels)} throws for {proto}")

    # the record named Task shadows Swift's Task wherever FieldSalesFFI is imported
    if imports_ffi:
        bare = [mm.start() for mm in re.finditer(r"(?<![\w.])Task\b", s)]
        if bare:
            for pos in bare:
                fail(f"{where(pos)}: bare `Task` in a file importing FieldSalesFFI: say _Concurrency.Task or FieldSalesFFI.Task")
        else:
            ok(f"{rel}: no bare Task")

# ---- syntax, where a Swift grammar is at hand ------------------------------------------------

try:
    import tree_sitter_swift
    from tree_sitter import Language, Parser
except ImportError:
    print("(syntax not checked: `pip install tree-sitter tree-sitter-swift` adds a parse of every file)")
else:
    parser = Parser(Language(tree_sitter_swift.language()))
    for path in sources:
        rel = os.path.relpath(path, os.path.dirname(ios))
        src = open(path, "rb").read()
        errors = []
        stack = [parser.parse(src).root_node]
        while stack:
            node = stack.pop()
            if node.type == "ERROR" or node.is_missing:
                errors.append(node)
            else:
                stack.extend(node.children)
        if errors:
            for e in errors[:3]:
                fail(f"{rel}:{e.start_point[0] + 1}: Swift syntax error (tree-sitter)")
        else:
            ok(f"{rel}: parses")

# ---- the package and the Xcode project --------------------------------------------------------

pkg = open(os.path.join(ios, "FieldSales", "Package.swift"), encoding="utf-8").read()
products = set(re.findall(r'\.library\(name:\s*"(\w+)"', pkg))
for path_ in re.findall(r'path:\s*"([^"]+)"', pkg):
    full = os.path.join(ios, "FieldSales", path_)
    if path_.endswith(".xcframework"):
        ok(f"Package.swift binary target {path_} (built by build-xcframework.sh)")
    elif os.path.isdir(full):
        ok(f"Package.swift path {path_}")
    else:
        fail(f"Package.swift: path {path_} does not exist")

pbx_path = os.path.join(ios, "FieldSalesApp", "FieldSalesApp.xcodeproj", "project.pbxproj")
pbx = open(pbx_path, encoding="utf-8").read()
body = re.sub(r"/\*.*?\*/", "", pbx, flags=re.S)
body = re.sub(r'"(?:[^"\\]|\\.)*"', '""', body)
if body.count("{") == body.count("}") and body.count("(") == body.count(")"):
    ok("project.pbxproj braces and parentheses balance")
else:
    fail("project.pbxproj: unbalanced braces or parentheses")
defined = set(re.findall(r"^\s*([0-9A-F]{24})\b[^=\n]*=\s*\{", pbx, re.M))
undefined = sorted(set(re.findall(r"\b([0-9A-F]{24})\b", body)) - defined)
for ref in undefined:
    fail(f"project.pbxproj: {ref} is referenced but never defined")
if not undefined:
    ok(f"project.pbxproj: {len(defined)} objects, every reference defined")
if not re.search(r"rootObject = ([0-9A-F]{24})", body) or re.search(r"rootObject = ([0-9A-F]{24})", body).group(1) not in defined:
    fail("project.pbxproj: rootObject missing")
proj_dir = os.path.join(ios, "FieldSalesApp")
for rel_path in re.findall(r"relativePath = ([^;]+);", pbx):
    target = os.path.join(proj_dir, rel_path.strip('"'))
    if os.path.isfile(os.path.join(target, "Package.swift")):
        ok(f"project.pbxproj local package {rel_path}")
    else:
        fail(f"project.pbxproj: local package {rel_path} has no Package.swift")
for prod in re.findall(r"isa = XCSwiftPackageProductDependency;\s*productName = (\w+);", pbx):
    ok(f"project.pbxproj product {prod}") if prod in products else fail(f"project.pbxproj: the package has no product {prod}")
for group in re.findall(r"isa = PBXFileSystemSynchronizedRootGroup;\s*path = ([^;]+);", pbx):
    ok(f"project.pbxproj folder {group}") if os.path.isdir(os.path.join(proj_dir, group)) else fail(f"project.pbxproj: folder {group} is missing")
for plist in set(re.findall(r"(?<![\w])INFOPLIST_FILE = ([^;]+);", pbx)):
    ok(f"project.pbxproj {plist}") if os.path.isfile(os.path.join(proj_dir, plist)) else fail(f"project.pbxproj: {plist} is missing")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
