"""The ``:filter:`` language of the ``publications`` directive.

``:filter:`` values come from page authors, so they are parsed with :mod:`ast` and
evaluated by our own tree of closures: nothing the user writes ever reaches
``eval``/``compile``, and only a handful of node types are accepted at all.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Callable, Hashable, Iterable
from typing import NamedTuple

from .latex import to_text
from .records import Publication, plain

__all__ = ["Equality", "OptionError", "compile_filter", "equality", "field_getter"]


class OptionError(ValueError):
    """An invalid directive option; the message is shown to the user as is."""


# --------------------------------------------------------------------------- names

_Getter = Callable[[Publication], object]


def _authors(pub: Publication) -> tuple[str, ...]:
    return tuple(person.display for person in pub.authors)


#: Names with a meaning of their own; any other name is a field of the entry.
_NAMES: dict[str, _Getter] = {
    "key": lambda pub: pub.key,
    "type": lambda pub: pub.entry_type.lower(),
    "year": lambda pub: pub.year_num,
    "month": lambda pub: pub.month,
    "title": lambda pub: plain(pub.title),
    "authors": _authors,
    "venue": lambda pub: plain(pub.venue),
    "topics": lambda pub: tuple(tag.lower() for tag in pub.topics),
    "citations": lambda pub: pub.citations,
}

#: Names whose strings compare case-insensitively (users write "Article", "Video").
_FOLDED_NAMES = frozenset({"type", "topics"})


def _field_any_case(pub: Publication, field: str) -> str:
    """A field's value by case-folded name: ``url_<Label>`` fields keep their case."""
    value = pub.field(field)
    if value or not field.startswith("url_"):
        return value
    return next((v for name, v in pub.fields if name.lower() == field), "")


def field_getter(name: str) -> _Getter:
    """A known name's getter, else the field's text ("" when the entry lacks it)."""
    field = name.lower()
    getter = _NAMES.get(field)
    if getter is not None:
        return getter
    return lambda pub: to_text(_field_any_case(pub, field))


# ---------------------------------------------------------------------- semantics


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_seq(value: object) -> bool:
    return isinstance(value, (tuple, list, frozenset))


def _fold(value: object) -> object:
    """Lower-case strings (also inside sequences) for case-insensitive comparison."""
    if isinstance(value, str):
        return value.casefold()
    if isinstance(value, (tuple, list, frozenset)):
        return tuple(_fold(item) for item in value)
    return value


def _equal(left: object, right: object, fold: bool) -> bool:
    """Equality that is False, not an error or a surprise, across unrelated types."""
    if fold:
        left, right = _fold(left), _fold(right)
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    if _is_number(left) and _is_number(right):
        return left == right
    seqs = (tuple, list, frozenset)
    if isinstance(left, seqs) and isinstance(right, seqs):
        return tuple(left) == tuple(right)
    return type(left) is type(right) and left == right


def _order(left: object, right: object, fold: bool) -> tuple[object, object] | None:
    """The two operands when they can be ordered (numbers or strings), else None."""
    if _is_number(left) and _is_number(right):
        return left, right
    if isinstance(left, str) and isinstance(right, str):
        return (_fold(left), _fold(right)) if fold else (left, right)
    return None


#: Typographic quotes (what TeX prints for ' and `) match the straight ones users type.
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _loose(text: str) -> str:
    """Substring tests ignore case and the shape of quotes."""
    return text.casefold().translate(_QUOTES)


def _contains(item: object, container: object, fold: bool, authors: bool) -> bool:
    """``item in container`` with the filter language's case rules."""
    if isinstance(container, str):
        return isinstance(item, str) and _loose(item) in _loose(container)
    if not _is_seq(container):
        return False
    assert isinstance(container, (tuple, list, frozenset))
    if authors:
        needle = _loose(item) if isinstance(item, str) else None
        return needle is not None and any(needle in _loose(str(n)) for n in container)
    return any(_equal(item, member, fold) for member in container)


def _lt(a: object, b: object, fold: bool) -> bool:
    pair = _order(a, b, fold)
    return pair is not None and pair[0] < pair[1]  # type: ignore[operator]


def _le(a: object, b: object, fold: bool) -> bool:
    pair = _order(a, b, fold)
    return pair is not None and pair[0] <= pair[1]  # type: ignore[operator]


def _gt(a: object, b: object, fold: bool) -> bool:
    return _lt(b, a, fold)


def _ge(a: object, b: object, fold: bool) -> bool:
    return _le(b, a, fold)


def _eq(a: object, b: object, fold: bool) -> bool:
    return _equal(a, b, fold)


def _ne(a: object, b: object, fold: bool) -> bool:
    return not _equal(a, b, fold)


_Compare = Callable[[object, object, bool], bool]

_COMPARE_OPS: dict[type[ast.cmpop], _Compare] = {
    ast.Eq: _eq,
    ast.NotEq: _ne,
    ast.Lt: _lt,
    ast.LtE: _le,
    ast.Gt: _gt,
    ast.GtE: _ge,
}

_OPERATOR_SYMBOLS: dict[type[ast.AST], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.MatMult: "@",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.BitAnd: "&",
    ast.Invert: "~",
    ast.USub: "-",
    ast.UAdd: "+",
    ast.Is: "is",
    ast.IsNot: "is not",
}

_CONSTRUCTS: dict[type[ast.AST], str] = {
    ast.Call: "function call",
    ast.Attribute: "attribute access",
    ast.Subscript: "subscript",
    ast.Lambda: "lambda",
    ast.JoinedStr: "f-string",
    ast.FormattedValue: "f-string",
    ast.NamedExpr: "assignment expression",
    ast.ListComp: "comprehension",
    ast.SetComp: "comprehension",
    ast.DictComp: "comprehension",
    ast.GeneratorExp: "generator expression",
    ast.IfExp: "conditional expression",
    ast.Dict: "dict",
    ast.Starred: "starred expression",
    ast.Slice: "slice",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
}

#: Deeper trees are refused so neither compiling nor evaluating can exhaust the stack.
_MAX_DEPTH = 100


# ----------------------------------------------------------------------- compiler

_Eval = Callable[[Publication], object]


class _Compiler:
    """Turns a parsed filter into nested closures, refusing everything not allowed."""

    def __init__(self, expr: str, specialize: bool = True) -> None:
        self.expr = expr
        #: Whether ``name == literal`` gets its own closure (see :func:`_name_equals`).
        self.specialize = specialize

    def fail(self, what: str) -> OptionError:
        return OptionError(f"unsupported {what} in filter {self.expr!r}")

    def node(self, node: ast.AST, depth: int) -> _Eval:
        if depth > _MAX_DEPTH:
            raise OptionError(f"filter {self.expr!r} is nested too deeply")
        if isinstance(node, ast.BoolOp):
            return self.boolop(node, depth)
        if isinstance(node, ast.UnaryOp):
            return self.unary(node, depth)
        if isinstance(node, ast.Compare):
            return self.compare(node, depth)
        if isinstance(node, ast.Name):
            return field_getter(node.id)
        if isinstance(node, (ast.Constant, ast.Tuple, ast.List, ast.Set)):
            value = self.literal(node)
            return lambda pub: value
        raise self.fail(self.describe(node))

    def describe(self, node: ast.AST) -> str:
        """A user-facing name for a refused node ("operator '+'", "function call")."""
        if isinstance(node, ast.BinOp):
            return f"operator {_OPERATOR_SYMBOLS.get(type(node.op), '?')!r}"
        what = _CONSTRUCTS.get(type(node), f"expression {type(node).__name__}")
        segment = ast.get_source_segment(self.expr, node)
        return f"{what} {segment!r}" if segment else what

    def literal(self, node: ast.AST) -> object:
        """The value of a literal; tuples, lists and sets hold literals only."""
        if isinstance(node, ast.Constant):
            if node.value is None or isinstance(node.value, (str, int, float)):
                return node.value
            raise self.fail(f"literal {node.value!r}")
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            return tuple(self.scalar(elt) for elt in node.elts)
        if self.is_signed_number(node):
            return self.signed_number(node)
        raise self.fail(self.describe(node))

    def scalar(self, node: ast.AST) -> object:
        """One item of a tuple/list/set literal."""
        if isinstance(node, ast.Constant) or self.is_signed_number(node):
            return self.literal(node)
        segment = ast.get_source_segment(self.expr, node) or type(node).__name__
        raise self.fail(f"non-literal {segment!r} inside a tuple, list or set")

    @staticmethod
    def is_signed_number(node: ast.AST) -> bool:
        """``-1`` parses as an operator applied to 1; it is still just a number."""
        return (
            isinstance(node, ast.UnaryOp)
            and isinstance(node.op, (ast.USub, ast.UAdd))
            and isinstance(node.operand, ast.Constant)
            and _is_number(node.operand.value)
        )

    @staticmethod
    def signed_number(node: ast.AST) -> object:
        assert isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant)
        value = node.operand.value
        assert isinstance(value, (int, float))
        return -value if isinstance(node.op, ast.USub) else value

    def boolop(self, node: ast.BoolOp, depth: int) -> _Eval:
        parts = tuple(self.node(value, depth + 1) for value in node.values)
        if isinstance(node.op, ast.And):
            return lambda pub: all(part(pub) for part in parts)
        return lambda pub: any(part(pub) for part in parts)

    def unary(self, node: ast.UnaryOp, depth: int) -> _Eval:
        if isinstance(node.op, ast.Not):
            operand = self.node(node.operand, depth + 1)
            return lambda pub: not operand(pub)
        if self.is_signed_number(node):
            value = self.signed_number(node)
            return lambda pub: value
        raise self.fail(f"operator {_OPERATOR_SYMBOLS.get(type(node.op), '?')!r}")

    def compare(self, node: ast.Compare, depth: int) -> _Eval:
        nodes = [node.left, *node.comparators]
        operands = tuple(self.node(item, depth + 1) for item in nodes)
        if self.specialize and len(node.ops) == 1 and isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
            fast = _name_equals(node, operands)
            if fast is not None:
                return fast
        tests = tuple(self.comparison(op, nodes[i], nodes[i + 1]) for i, op in enumerate(node.ops))
        return _chain(operands, tests)

    def comparison(
        self, op: ast.cmpop, left: ast.AST, right: ast.AST
    ) -> Callable[[object, object], bool]:
        """One link of a (possibly chained) comparison, case rules fixed now."""
        fold = _names_in((left, right)) & _FOLDED_NAMES != set()
        if isinstance(op, (ast.In, ast.NotIn)):
            authors = _names_in((right,)) == {"authors"}
            negate = isinstance(op, ast.NotIn)
            return lambda a, b: _contains(a, b, fold, authors) != negate
        test = _COMPARE_OPS.get(type(op))
        if test is None:
            raise self.fail(f"operator {_OPERATOR_SYMBOLS.get(type(op), '?')!r}")
        return lambda a, b: test(a, b, fold)


def _name_equals(node: ast.Compare, operands: tuple[_Eval, ...]) -> _Eval | None:
    """``year == 2024``, ``type != "article"``: what :func:`_equal` decides for a number
    or a string literal, without its type dispatch (a list page of 48,000 entries runs
    its filter 48,000 times)."""
    left, right = node.left, node.comparators[0]
    if isinstance(left, ast.Name) and isinstance(right, ast.Constant):
        getter, constant = operands[0], right.value
    elif isinstance(right, ast.Name) and isinstance(left, ast.Constant):
        getter, constant = operands[1], left.value
    else:
        return None
    negate = isinstance(node.ops[0], ast.NotEq)
    if _is_number(constant):

        def number(pub: Publication) -> bool:
            value = getter(pub)
            return (_is_number(value) and value == constant) != negate

        return number
    if isinstance(constant, str):
        fold = _names_in((left, right)) & _FOLDED_NAMES != set()
        wanted = constant.casefold() if fold else constant

        def text(pub: Publication) -> bool:
            value = getter(pub)
            if type(value) is not str:
                return negate
            return ((value.casefold() if fold else value) == wanted) != negate

        return text
    return None


def _names_in(nodes: Iterable[ast.AST]) -> set[str]:
    """The bare names among *nodes* (only direct operands decide case rules)."""
    return {node.id for node in nodes if isinstance(node, ast.Name)}


def _chain(
    operands: tuple[_Eval, ...], tests: tuple[Callable[[object, object], bool], ...]
) -> _Eval:
    """``a < b < c``: each operand evaluated at most once, stopping at the first False."""

    def run(pub: Publication) -> bool:
        left = operands[0](pub)
        for test, operand in zip(tests, operands[1:], strict=True):
            right = operand(pub)
            if not test(left, right):
                return False
            left = right
        return True

    return run


def _parse(expr: str) -> ast.Expression:
    """Parse *expr*, turning every parser complaint into an :class:`OptionError`."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. SyntaxWarning for "\d"
            return ast.parse(expr, mode="eval")
    except SyntaxError as err:
        reason = err.msg or "syntax error"
        raise OptionError(f"invalid filter expression {expr!r}: {reason}") from None
    except (ValueError, RecursionError, MemoryError, OverflowError) as err:
        raise OptionError(f"invalid filter expression {expr!r}: {err}") from None


def compile_filter(expr: str, specialize: bool = True) -> Callable[[Publication], bool]:
    """Compile a ``:filter:`` expression once into a predicate that never raises
    (*specialize*: False only to check the shortcuts against the general closures)."""
    text = expr.replace("\r", " ").replace("\n", " ").strip()  # multi-line options
    if not text:
        raise OptionError("invalid filter expression '': it is empty")
    tree = _parse(text)
    evaluate = _Compiler(text, specialize).node(tree.body, 0)

    def predicate(pub: Publication) -> bool:
        return bool(evaluate(pub))

    return predicate


class Equality(NamedTuple):
    """A filter that is one ``name == literal`` test, as an index can answer it: the
    filter passes exactly the entries for which :meth:`compared` gives ``wanted``."""

    #: The name as written, whether it compares numbers (else strings), and whether
    #: its strings compare case-insensitively: entries with the same ``group`` share
    #: one grouping, whatever literal a list asks for.
    group: tuple[str, bool, bool]
    wanted: Hashable

    def compared(self) -> Callable[[Publication], Hashable | None]:
        """What the test compares, per record; None where no literal of its kind can match."""
        name, number, fold = self.group
        getter = field_getter(name)

        def value(pub: Publication) -> Hashable | None:
            found = getter(pub)
            if number:
                return found if _is_number(found) else None
            if type(found) is not str:
                return None
            return found.casefold() if fold else found

        return value


def equality(expr: str) -> Equality | None:
    """*expr* as an :class:`Equality` when it is ``name == number`` or ``name == "text"``
    (either way round), as :func:`_name_equals` compiles it; None for anything else,
    an invalid filter included (:func:`compile_filter` reports that)."""
    text = expr.replace("\r", " ").replace("\n", " ").strip()
    try:
        body = _parse(text).body
    except OptionError:
        return None
    if not (
        isinstance(body, ast.Compare) and len(body.ops) == 1 and isinstance(body.ops[0], ast.Eq)
    ):
        return None
    left, right = body.left, body.comparators[0]
    if isinstance(left, ast.Constant) and isinstance(right, ast.Name):
        left, right = right, left
    if not (isinstance(left, ast.Name) and isinstance(right, ast.Constant)):
        return None
    constant = right.value
    if _is_number(constant):
        return Equality((left.id, True, False), constant)
    if isinstance(constant, str):
        fold = left.id in _FOLDED_NAMES
        return Equality((left.id, False, fold), constant.casefold() if fold else constant)
    return None
