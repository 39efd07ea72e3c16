"""Simple inline math as Unicode text: ``$\\delta$`` -> "δ", ``$^2$`` -> "²".

Titles write Greek letters, arrows and single-character scripts in math mode; shown as
text they need no MathJax, read the same in JSON-LD and search, and copy cleanly.  Only
math made of known symbols, plain characters and one-character scripts is converted;
anything else (``\\frac``, ``\\mathbf``, ``x^{10}``) stays a math segment.
"""

# ruff: noqa: RUF001  (the tables are Unicode look-alikes on purpose)
from __future__ import annotations

import re

__all__ = ["LATEX_MATH_COMMANDS", "latex_math_problem", "math_to_text"]

_GREEK = (
    "alpha α beta β gamma γ delta δ epsilon ϵ varepsilon ε zeta ζ eta η theta θ "
    "vartheta ϑ iota ι kappa κ lambda λ mu μ nu ν xi ξ pi π varpi ϖ rho ρ varrho ϱ "
    "sigma σ varsigma ς tau τ upsilon υ phi ϕ varphi φ chi χ psi ψ omega ω "
    "Gamma Γ Delta Δ Theta Θ Lambda Λ Xi Ξ Pi Π Sigma Σ Upsilon Υ Phi Φ Psi Ψ Omega Ω"
)
_SYMBOLS = (
    "times × cdot · pm ± mp ∓ div ÷ to → rightarrow → leftarrow ← leftrightarrow ↔ "
    "Rightarrow ⇒ Leftarrow ⇐ Leftrightarrow ⇔ uparrow ↑ downarrow ↓ mapsto ↦ "
    "leq ≤ le ≤ geq ≥ ge ≥ neq ≠ ne ≠ approx ≈ sim ∼ simeq ≃ equiv ≡ propto ∝ "
    "infty ∞ partial ∂ nabla ∇ ell ℓ circ ∘ bullet • star ⋆ ast ∗ prime ′ "
    "in ∈ notin ∉ subset ⊂ subseteq ⊆ cup ∪ cap ∩ emptyset ∅ forall ∀ exists ∃ "
    "sum ∑ prod ∏ int ∫ sqrt √ degree ° dagger † ddagger ‡ ldots … cdots ⋯ dots … "
    "langle ⟨ rangle ⟩ mid ∣ parallel ∥ perp ⊥ angle ∠ oplus ⊕ otimes ⊗ hbar ℏ"
)
#: ``\\name`` -> its character.
COMMANDS: dict[str, str] = {}
for _table in (_GREEK, _SYMBOLS):
    _words = _table.split()
    COMMANDS.update(zip(_words[::2], _words[1::2], strict=True))

_SUPER = dict(zip("0123456789+-=()nijkx", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱʲᵏˣ", strict=True))
_SUPER.update({"*": "*", "T": "ᵀ", "′": "′", "†": "†", "∗": "∗", "a": "ᵃ", "b": "ᵇ"})
_SUPER.update({"c": "ᶜ", "d": "ᵈ", "e": "ᵉ", "m": "ᵐ", "p": "ᵖ", "t": "ᵗ", "s": "ˢ"})
_SUB = dict(zip("0123456789+-=()aeijkmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢⱼₖₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))

#: Characters that may stand in math as themselves.
_PLAIN = re.compile(r"[A-Za-z0-9+\-=()\[\],.;:/|<>!? ]")
_TOKEN = re.compile(r"\\([A-Za-z]+)\s*|\\([,;:! ])|\{([^{}\\]*)\}|([\^_])|(\s+)|(.)", re.S)


def math_to_text(source: str) -> str | None:
    """Unicode text for simple math *source* (without ``$``), or None for a formula."""
    out: list[str] = []
    script = ""
    for match in _TOKEN.finditer(source):
        command, space, group, mark, blank, char = match.groups()
        if mark:
            if script:
                return None
            script = mark
            continue
        if command is not None:
            text = COMMANDS.get(command)
            if text is None:
                return None
        elif space is not None:
            text = " "
        elif group is not None:
            text = group.strip()
            if not script and not all(_PLAIN.fullmatch(c) for c in text):
                return None
        elif blank is not None:
            if script:
                continue
            text = ""
        elif char == "'":
            text = "\u2032"  # f'(x): a prime, not an apostrophe
        else:
            text = char
            if not script and not _PLAIN.fullmatch(text):
                return None
        if script:
            table = _SUPER if script == "^" else _SUB
            if len(text) != 1 or text not in table:
                return None
            text = table[text]
            script = ""
        out.append(text)
    if script:
        return None
    return "".join(out)


#: The commands that math from a .bib file may use where it is written into a .tex file (with
#: the symbols of :data:`COMMANDS`): fonts, fractions, accents, delimiters, operators and
#: spacing of LaTeX, amsmath and amssymb; nothing that reads or writes a file or defines.
_LATEX_MATH_NAMES = """
    frac dfrac tfrac binom dbinom tbinom sqrt mathbf mathrm mathit mathcal mathbb mathsf
    mathtt mathfrak boldsymbol text textrm textit textbf textsf texttt operatorname hat
    widehat tilde widetilde bar overline underline vec dot ddot check breve acute grave
    overset underset stackrel underbrace overbrace left right middle big Big bigg Bigg bigl
    bigr Bigl Bigr log ln lg exp sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh
    min max arg lim liminf limsup sup inf det dim ker hom gcd deg Pr mod bmod pmod cdots
    ldots vdots ddots quad qquad lVert rVert lvert rvert Vert vert lfloor rfloor lceil rceil
    lbrace rbrace backslash setminus wedge vee neg lnot land lor ll gg prec succ preceq
    succeq cong models vdash top bot aleph Re Im wp varnothing colon longrightarrow
    longleftarrow Longrightarrow Longleftarrow iff implies uplus sqcup sqcap bigcup bigcap
    oint limits nolimits displaystyle textstyle scriptstyle mathop mathbin mathrel
    leftarrow rightarrow hookrightarrow nearrow searrow gets"""
LATEX_MATH_COMMANDS = frozenset(_LATEX_MATH_NAMES.split()) | frozenset(COMMANDS)

_LATEX_TOKEN = re.compile(r"\\([A-Za-z]+|[^A-Za-z])?|\^\^|[%#&{}]", re.S)
#: Control symbols allowed: spacing, escaped specials, ``\\`` and ``\|``.
_CONTROL_SYMBOLS = frozenset(",;:! |{}_%#&$\\")


def latex_math_problem(source: str) -> str:
    """Why math *source* must not be written verbatim into a .tex file ("" if it may):
    a command outside :data:`LATEX_MATH_COMMANDS` (``\\input`` reads a file), ``^^``
    (which spells any character), a ``%`` (a comment ends the math), ``#``, ``&`` or
    unbalanced braces.  One pass over the text."""
    depth = 0
    for match in _LATEX_TOKEN.finditer(source):
        token, name = match.group(0), match.group(1)
        if token.startswith("\\"):
            if name is None:
                return "a backslash ends it"
            if name not in (LATEX_MATH_COMMANDS if name[0].isalpha() else _CONTROL_SYMBOLS):
                return f"\\{name} is not a math command"
        elif token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return "unbalanced braces"
        else:
            return f"{token!r} is not allowed"
    return "unbalanced braces" if depth else ""
