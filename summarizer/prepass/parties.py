"""Candidate parties: named entities folded into one candidate per party.

Demonyms, capitals and other names of a state go to the state (``summarizer/data/state_aliases.json``,
``state_names.json`` and ``demonyms.json``); ``Full Name (ABC)`` and initials give an acronym alias; a surname
joins the full name; a short company name joins the longer one it begins; possessives and a leading "the" are
dropped. Parties named by description ("wealthy nations", "the opposition") and "the government" (the article's
own state) are candidates too; towns and provinces rank last, brokers one mention higher. Every alias is a form
that occurs in the article.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from summarizer.prepass import lexicon as lx
from summarizer.prepass.sentences import Parsed
from summarizer.prepass.types import Candidate, Mention, PartyKind, lookup_key

DATA = Path(__file__).resolve().parent.parent / "data"
ENTITY_LABELS = frozenset({"GPE", "NORP", "ORG", "PERSON", "FAC", "LOC"})
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_POSSESSIVE_SPLIT = re.compile(r"['\u2019]s\s+")
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z0-9&\-]{1,11})\)")
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "de", "du", "des", "la", "le", "&", "on", "in", "to"})
TITLE_WORDS = lx.OFFICIAL_TITLES | lx.EXPERT_TITLES | lx.MEDIA_TITLES | {"mr", "mrs", "ms", "dr", "sir"}


@dataclass
class _Raw:
    """One mention before merging: the form, where, and what introduced it."""

    form: str
    start: int
    end: int
    sentence: int
    label: str  # spaCy label, or "STATE" for a match of the state table
    state: str | None = None


@lru_cache(maxsize=1)
def state_table() -> dict[str, str]:
    """Every known form of a state (name, capital, short and formal names, demonyms and their plurals) ->
    the state's name, keyed as written (case kept)."""
    table: dict[str, str] = {}
    aliases = json.loads((DATA / "state_aliases.json").read_text(encoding="utf-8"))
    extra = json.loads((DATA / "state_names.json").read_text(encoding="utf-8"))
    demonyms = json.loads((DATA / "demonyms.json").read_text(encoding="utf-8"))
    for source in (aliases, extra):
        for state, names in source.items():
            if state.startswith("_"):
                continue
            for name in [state, *names]:
                table.setdefault(_strip_the(name), state)
    for demonym, state in demonyms.items():
        if demonym.startswith("_"):
            continue
        table.setdefault(demonym, state)
        if demonym.endswith(("an", "i")) and not demonym.endswith("ese"):
            table.setdefault(demonym + "s", state)
    return table


@lru_cache(maxsize=1)
def _state_key_index() -> dict[str, str]:
    return {lookup_key(form): state for form, state in state_table().items()}


def state_of(form: str) -> str | None:
    """The state a form names ("Pyongyang", "North Korean", "the Kremlin", "Russia's"), if any."""
    return _state_key_index().get(lookup_key(form))


@lru_cache(maxsize=1)
def _state_regex() -> re.Pattern[str]:
    forms = sorted(state_table(), key=len, reverse=True)
    alternatives = "|".join(re.escape(f).replace("'", "['\u2019]") for f in forms)
    authority = "|".join(sorted(lx.STATE_AUTHORITY_WORDS))
    return re.compile(rf"(?<![\w.\-])(?:{alternatives})(?:\s+(?:{authority}))?(?![\w\-])")


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


PERSON_DESCRIPTORS = frozenset(
    """president prime minister secretary senator governor mayor ambassador spokesman spokeswoman mr mr. mrs mrs.
    ms ms. dr dr. sir billionaire investor tycoon magnate businessman businesswoman activist financier
    entrepreneur lawmaker chairman chairwoman ceo king queen prince sheikh emir""".split()
)


def strip_descriptors(form: str, start: int) -> tuple[str, int]:
    """'Billionaire Marcus Hale' -> 'Marcus Hale', 'President Putin' -> 'Putin' (at least one word kept)."""
    words = form.split(" ")
    dropped = 0
    while len(words) > 1 and words[0][:1].isupper() and words[0].lower() in PERSON_DESCRIPTORS:
        dropped += len(words[0]) + 1
        words = words[1:]
    return " ".join(words), start + dropped


_OFFICE_BEFORE = re.compile(r"\b(\w+)\s+(?:of|for)\s+(?:the\s+)?$")
_HOLDER = re.compile(r"\s([A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][A-Za-z'\-]+)$")


def office_holder(text: str, form: str, start: int, label: str) -> tuple[str, int, str]:
    """The person at the end of an entity that took in the office they hold: 'Secretary of [Defense Jim Mattis]'
    -> 'Jim Mattis', '[Spokesperson Dana W. White]' -> 'Dana W. White', 'Minister of [Israel Yair Lapid]' ->
    'Yair Lapid'. Kept whole unless a title stands right before it or opens it, the last two or three words read
    as a name (no government or company word, a first word never written in lower case) and spaCy called it a
    person or the surname recurs alone."""
    holder = _HOLDER.search(form)
    if holder is None:
        return form, start, label
    before = _OFFICE_BEFORE.search(text[max(0, start - 40):start])
    titled = (before is not None and before.group(1).lower() in TITLE_WORDS) or form.split()[0].lower() in TITLE_WORDS
    name = holder.group(1)
    if not titled or {w.lower().strip(".") for w in name.split()} & (
            lx.GOVERNMENT_WORDS | lx.COMPANY_SUFFIXES | lx.COMPANY_NAME_WORDS):
        return form, start, label
    first = name.split()[0]
    if re.search(rf"\b{re.escape(first.lower())}\b", text):  # 'Community Wagner': a common word, not a given name
        return form, start, label
    if label != "PERSON" and not _alone_later(text, name.split()[-1], start + len(form)):
        return form, start, label
    return name, start + holder.start(1), "PERSON"


def _alone_later(text: str, surname: str, start: int) -> bool:
    """The surname recurs after ``start`` as a name of its own ('said Wagner'), not inside a longer name."""
    for m in re.finditer(rf"\b{re.escape(surname)}\b", text[start:]):
        before = text[start:start + m.start()].split()[-1:]
        after = text[start + m.end():].split()[:1]
        joined_before = bool(before) and before[0][:1].isupper() and before[0].lower() not in TITLE_WORDS and (
            before[0][-1] not in ".!?:;,\"\u201d")
        if not joined_before and not (after and after[0][:1].isupper()):
            return True
    return False


def clean_form(text: str, start: int) -> tuple[str, int, int]:
    """A mention's form with a leading 'the' (or 'a'), a final possessive and edge punctuation dropped, and its
    new offsets (``start`` is the offset of ``text``)."""
    lead = 0
    lowered = text.lower()
    for article in ("the ", "a ", "an "):
        if lowered.startswith(article):
            lead = len(article)
            break
    body = text[lead:]
    if "(" in body and ")" not in body:  # "Department of Defense (DoD": the acronym is its own mention
        body = body[: body.index("(")].rstrip()
    body = _POSSESSIVE.sub("", body) if re.search(r"\w['\u2019]s?$", body) else body
    stripped = body.strip(" \t,;:.\"\u201c\u201d()-") if not body.endswith(".") or not _is_abbrev(body) else body
    stripped = stripped.lstrip("\"\u201c(")
    stripped = _TRAILING_SMALL_WORD.sub("", stripped)  # "B.L. Harbert International of" (Birmingham)
    offset = text.find(stripped, lead) if stripped else lead
    return stripped, start + offset, start + offset + len(stripped)


_TRAILING_SMALL_WORD = re.compile(r"(?:\s+(?:of|for|and|the|in|on|at|to))+$")


def _is_abbrev(text: str) -> bool:
    return bool(re.search(r"(?:^|\s)(?:[A-Z]\.)+$", text)) or text.endswith(("Inc.", "Corp.", "Co.", "Ltd."))


def _not_a_party(form: str) -> bool:
    low = form.lower()
    if not form or not form[0].isalpha() or not any(c.isupper() for c in form[:1]):
        return True
    words = low.replace(",", " ").split()
    if any(w in lx.MONTHS or w in lx.DAYS for w in words) and len(words) <= 3:
        return True
    if re.search(r"\d", form):
        return lookup_key(form) not in lx.ARMED_GROUPS | lx.ORGANIZATIONS
    return low in lx.NON_PARTY


def is_document(form: str) -> bool:
    """A law, a notice, a deal's document or a military operation ("Controlled Substances Act", "the MOU",
    "Operation Epic Fury"): named like a party, never one."""
    words = form.lower().replace(",", " ").split()
    return bool(words) and (words[-1] in lx.DOCUMENT_HEADS or len(words) >= 2 and words[0] in lx.OPERATION_WORDS)


# the rest of a law's name after a mention: "CHIPS" + " and Science Act"
_LAW_TAIL = re.compile(r"(?:\s+(?:and|&)\s+[A-Z][\w\-]*)*\s+Act\b")


def _raw_mentions(parsed: Parsed) -> list[_Raw]:
    """State-table matches and spaCy entities of every sentence, states taking precedence over the GPE, NORP
    and LOC entities they overlap, larger ORG and PERSON entities over the state forms inside them."""
    out: list[_Raw] = []
    all_states: list[_Raw] = []  # every state-table match, inside larger names too ("New Zimbabwe Steel")
    regex = _state_regex()
    for sent, span in zip(parsed.sentences, parsed.spans, strict=True):
        dateline_end = parsed.dateline_end(sent.number)
        states: list[_Raw] = []
        for m in regex.finditer(sent.text):
            form = m.group(0)
            start = sent.start + m.start()
            base = re.sub(rf"\s+(?:{'|'.join(lx.STATE_AUTHORITY_WORDS)})$", "", form)
            if start >= dateline_end:
                states.append(_Raw(form, start, start + len(form), sent.number, "STATE", state_of(base)))
        all_states.extend(states)
        ents: list[_Raw] = []
        for ent in span.ents:
            label = ent.label_
            if label in ("WORK_OF_ART", "PRODUCT") and {w.lower().strip(".,") for w in ent.text.split()} & (
                    lx.COMPANY_NAME_WORDS | lx.COMPANY_SUFFIXES | {"terminal", "refinery", "storage"}):
                label = "ORG"  # "Huaying Huizhou Daya Bay Petrochemical Terminal Storage" tagged WORK_OF_ART
            if label not in ENTITY_LABELS:
                continue
            e_start, _ = parsed.span_offsets(sent.number, ent)
            parts = _split_possessive(ent.text, e_start)
            if len(parts) == 2 and state_of(parts[0][0]) and set(parts[1][0].lower().split()) <= _GENERIC_FORCES:
                parts = parts[:1]  # "Ukraine's Armed Forces": the state, not a party called "Armed Forces"
            for part, p_start in parts:
                form, f_start, f_end = clean_form(part, p_start)
                part_label = label
                if label in ("PERSON", "ORG"):
                    form, f_start = strip_descriptors(form, f_start)
                    form, f_start, part_label = office_holder(parsed.text, form, f_start, label)
                if _not_a_party(form) or _common_word_at_start(ent, form):
                    continue
                ents.append(_Raw(form, f_start, f_end, sent.number, part_label))
        ents = _repair(parsed.text, sent.start, sent.end, ents)
        ents.extend(_known_names(parsed, sent.number, sent.start, sent.text, ents, states))
        armed = _generic_armed(sent.number, sent.start, sent.text)
        if armed:  # "Syrian rebels", "pro-Russian separatists": a party of their own, not a mention of the state
            states = [st for st in states if not any(a.start < st.end and st.start < a.end for a in armed)]
            ents = [e for e in ents if not any(a.start < e.end and e.start < a.end for a in armed)]
            out.extend(armed)
        kept_states = []
        for st in states:
            inside = [e for e in ents if e.start <= st.start and st.end <= e.end]
            bigger = [e for e in inside if e.label in ("ORG", "PERSON", "FAC") and (e.end - e.start) > (st.end - st.start)
                      and state_of(e.form) is None and not _authority_of(e.form)]
            if not bigger:
                kept_states.append(st)
        for e in ents:
            overlaps = [st for st in kept_states if st.start < e.end and e.start < st.end]
            if overlaps and (e.label in ("GPE", "NORP", "LOC") or state_of(e.form) or _authority_of(e.form)
                             or e.label == "PERSON" and all(st.start <= e.start and e.end <= st.end for st in overlaps)):
                continue
            if overlaps and e.label in ("ORG", "FAC") and all(st.start <= e.start and e.end <= st.end for st in overlaps):
                continue
            if any(_crosses(e, st) for st in overlaps):
                continue  # "the Government of the Federated States" + "of Micronesia": the state's full name wins
            if e.label in ("NORP", "LOC") and lookup_key(e.form) not in lx.ARMED_GROUPS:
                continue
            if state_of(e.form) or e.start < dateline_end:
                continue
            out.append(e)
        out.extend(kept_states)
    out.extend(_full_names(parsed, out))
    out.extend(_generic_groups(parsed, out))
    out.extend(_government_mentions(parsed, out, all_states))
    out.sort(key=lambda r: r.start)
    return _congo(_title_case_only(parsed, out))


def _crosses(a: _Raw, b: _Raw) -> bool:
    """The two spans overlap and neither holds the other: one of them was cut in the wrong place."""
    return a.start < b.end and b.start < a.end and not (a.start <= b.start and b.end <= a.end) and not (
        b.start <= a.start and a.end <= b.end)


_SUFFIX_AFTER = re.compile(r",?\s+(?:LLC|L\.L\.C\.|Inc\.|Inc\b|Ltd\.|Ltd\b|L\.P\.|LP\b|Corp\.|PLC\b|plc\b|GmbH\b"
                           r"|S\.A\.|N\.V\.)")
_TITLE_AFTER = frozenset({"minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "chairman",
                          "chairwoman"})


def _repair(text: str, s_start: int, s_end: int, ents: list[_Raw]) -> list[_Raw]:
    """Entities spaCy cut or joined wrongly: 'Main Street Auto' + ', LLC' (one company), 'Kiel Institute' +
    'for the' + 'World Economy' (one name), 'Ukrainian Energy Minister' (the state's minister, not an ORG),
    'Pentagon Press Secretary' ('Pentagon'), 'chairman Partson Mubaiwa' tagged ORG (a person)."""
    ents = sorted(ents, key=lambda r: r.start)
    out: list[_Raw] = []
    for e in ents:
        if out and out[-1].label in ("ORG", "FAC") and e.label == "ORG" and re.fullmatch(
                r"\s+for(?:\s+the)?\s+", text[out[-1].end:e.start]):
            prev = out.pop()
            e = _Raw(text[prev.start:e.end], prev.start, e.end, e.sentence, "ORG")
        if out and out[-1].end > e.start:  # covered by a joined suffix
            continue
        m = _SUFFIX_AFTER.match(text, e.end, s_end)
        if m and e.label in ("ORG", "FAC", "PERSON", "GPE") and e.form.split()[-1].lower().rstrip(".,") not in (
                lx.COMPANY_SUFFIXES):
            e = _Raw(text[e.start:m.end()], e.start, m.end(), e.sentence, "ORG")
        after = text[e.end:s_end].split()[:1]
        nxt = after[0].lower().strip(",.;:") if after else ""
        if nxt in _TITLE_AFTER and e.label == "ORG":
            words = e.form.split()
            if len(words) >= 2 and state_of(words[0]) and not set(w.lower() for w in words) & lx.GOVERNMENT_WORDS:
                continue  # "Ukrainian Energy Minister": the state (matched by the state table) is the mention
            if words[-1] == "Press" and len(words) >= 2:
                form = " ".join(words[:-1])
                e = _Raw(form, e.start, e.start + len(form), e.sentence, e.label)
            elif len(words) == 1 and nxt == "minister":
                continue  # "Industry and Commerce Minister": a portfolio
        before = text[s_start:e.start].split()[-1:]
        prev_word = before[0].lower().strip(",") if before else ""
        if e.label == "ORG" and _office_of(text[s_start:e.start]):
            person = _after_portfolio(e)
            if person is None:
                continue  # "Secretary of Energy": the office's portfolio, not an organisation
            e = person  # "Secretary of Defense Jim Mattis" tagged as one organisation: the person
        words = e.form.split()
        if e.label == "ORG" and prev_word in TITLE_WORDS and 2 <= len(words) <= 3 and all(
                w[:1].isupper() for w in words) and not {w.lower() for w in words} & (
                lx.GOVERNMENT_WORDS | lx.COMPANY_SUFFIXES | lx.COMPANY_NAME_WORDS) and not state_of(words[0]):
            e = _Raw(e.form, e.start, e.end, e.sentence, "PERSON")  # "council chairman Partson Mubaiwa"
        out.append(e)
    return out


def _office_of(before: str) -> bool:
    """The words before a mention end in an office's title and 'of' ("Secretary of", "Minister of the")."""
    words = before.split()[-3:]
    if words and words[-1].lower() == "the":
        words = words[:-1]
    return len(words) >= 2 and words[-1] == "of" and words[-2].lower().strip(",") in lx.PORTFOLIO_TITLES


def _after_portfolio(e: _Raw) -> _Raw | None:
    """What follows the portfolio an entity begins with, as a person ("Defense Jim Mattis" -> "Jim Mattis"); None
    when the entity is the portfolio alone; the entity itself when it begins with no known portfolio."""
    low = e.form.lower()
    for portfolio in lx.PORTFOLIOS:
        if low == portfolio:
            return None
        if low.startswith(portfolio + " "):
            rest = e.form[len(portfolio) + 1:]
            return _Raw(rest, e.end - len(rest), e.end, e.sentence, "PERSON") if rest[:1].isupper() else None
    return e


_GENERIC_FORCES = frozenset("""armed forces force army navy air military government authorities troops police border
    guard coast defence defense""".split())


def _title_case_only(parsed: Parsed, raws: list[_Raw]) -> list[_Raw]:
    """A Title Case Headline tags capitalised words as names: keep a title-only entity only if it is a state or
    its form occurs in the body as well."""
    if not parsed.sentences:
        return raws
    words = [w for w in parsed.sentences[0].text.split() if w[:1].isalpha()]
    if len(words) < 4 or sum(w[0].isupper() for w in words) < 0.7 * len(words):
        return raws
    body = {lookup_key(r.form) for r in raws if r.sentence != 1}
    kept = [r for r in raws if r.sentence != 1 or r.state or lookup_key(r.form) in body]
    title = parsed.sentences[0]
    taken = [(r.start, r.end) for r in kept if r.sentence == 1]
    forms: dict[str, _Raw] = {}
    for r in raws:
        if r.sentence != 1 and len(r.form) >= 3 and r.label not in ("ARMED",):
            forms.setdefault(r.form, r)
    for form in sorted(forms, key=len, reverse=True):  # "Zimbabwe Iron and Steel Company Essar Africa Holdings ..."
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", title.text):
            start, end = title.start + m.start(), title.start + m.end()
            if any(a < end and start < b for a, b in taken):
                continue
            taken.append((start, end))
            src = forms[form]
            kept.append(_Raw(form, start, end, 1, src.label, src.state))
    kept.sort(key=lambda r: r.start)
    return kept


_NOT_FIRST_NAMES = frozenset(
    """the a an in on at for by from with and but its his her their said if as when while after before says
    told added of to new former late""".split()
)


def _full_names(parsed: Parsed, raws: list[_Raw]) -> list[_Raw]:
    """'Taras Demchuk' where spaCy only tagged 'Demchuk': a capitalised word before a one-word PERSON."""
    have = {lookup_key(r.form) for r in raws}
    seen = {(r.start, r.end) for r in raws}
    out = []
    singles = {r.form for r in raws if r.label == "PERSON" and len(r.form.split()) == 1 and not r.state}
    for single in singles:
        if any(k.endswith(" " + single.lower()) for k in have):
            continue
        for m in re.finditer(rf"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?) {re.escape(single)}\b", parsed.text):
            first = m.group(1)
            if first.lower() in _NOT_FIRST_NAMES or first.lower() in TITLE_WORDS or state_of(first):
                continue
            if (m.start(), m.end()) in seen:
                continue
            number = _sentence_at(parsed, m.start())
            if number:
                out.append(_Raw(m.group(0), m.start(), m.end(), number, "PERSON"))
    return out


def _sentence_at(parsed: Parsed, offset: int) -> int | None:
    for s in parsed.sentences:
        if s.start <= offset < s.end:
            return s.number
    return None


def _congo(raws: list[_Raw]) -> list[_Raw]:
    """'Congo' is the Democratic Republic of the Congo in an article that names that state and not the other."""
    states = {r.state for r in raws if r.state}
    drc = "Democratic Republic of the Congo"
    brazzaville = any(r.state == "Congo" and r.form != "Congo" for r in raws)
    if drc in states and not brazzaville:
        for r in raws:
            if r.state == "Congo":
                r.state = drc
    return raws


def _common_word_at_start(ent: object, form: str) -> bool:
    """'Photographs' tagged PERSON at the start of a sentence: one word, a common noun or verb."""
    tokens = list(ent)  # type: ignore[call-overload]
    return len(form.split()) == 1 and len(tokens) == 1 and tokens[0].is_sent_start and tokens[0].pos_ in (
        "NOUN", "VERB", "ADJ", "ADV", "PRON", "DET")


_ARMED = re.compile(
    r"(?:(?<![\w\-])(pro-[A-Z][a-z]+|[A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+)?"
    r"\b(rebels|separatists|insurgents|militants|rebel forces|rebel fighters|Rebels|Separatists|Rebel forces)\b"
    r"(?:\s+in\s+([A-Z][a-z]+(?: [A-Z][a-z]+)?))?"
)
_AMBIGUOUS_ACRONYMS = frozenset({"who", "au", "ira", "eta", "pdf", "kia", "ilo", "icc", "ft", "car", "sco", "eac"})


def _generic_armed(number: int, base: int, text: str) -> list[_Raw]:
    """'Syrian rebels', 'pro-Russian separatists', 'Rebel forces in South Sudan', 'the rebels'."""
    out = []
    for m in _ARMED.finditer(text):
        qualifier, where = m.group(1), m.group(3)
        q_ok = qualifier is not None and (qualifier.startswith("pro-") or state_of(qualifier) is not None)
        w_ok = not q_ok and where is not None and state_of(where) == where  # "Rebel forces in South Sudan"
        start = m.start(1) if q_ok else m.start(2)
        end = m.end(3) if w_ok else m.end(2)
        out.append(_Raw(text[start:end], base + start, base + end, number, "ARMED"))
    return out


_GROUP = re.compile(r"(?<![\w\-])((?:[Ww]ealthy|[Rr]ich|[Rr]icher|[Dd]eveloped|[Ii]ndustriali[sz]ed|[Aa]dvanced|"
                    r"[Dd]eveloping|[Pp]oor|[Pp]oorer|[Ll]east-developed|[Ee]merging)\s+(?:nations|countries|economies))\b")
_RICH = frozenset({"wealthy", "rich", "richer", "developed", "industrialized", "industrialised", "advanced"})
_GOVERNMENT = re.compile(r"\b[Tt]he (government(?: (?:troops|forces|delegation))?)\b(?! of\b)|"
                         r"(?<![\w'\u2019])([Gg]overnment (?:troops|forces))\b")
_OPPOSITION = re.compile(r"\b[Tt]he (opposition(?: (?:delegation|forces|fighters))?)\b")


def _taken(raws: list[_Raw], start: int, end: int) -> bool:
    return any(r.start < end and start < r.end for r in raws)


def _generic_groups(parsed: Parsed, raws: list[_Raw]) -> list[_Raw]:
    """Parties named by description: 'wealthy nations' / 'rich countries' / 'developed nations' (one group),
    'developing nations' / 'poor countries' (another), kept when named twice or more; 'the opposition'."""
    found: list[_Raw] = []
    for s in parsed.sentences:
        if s.heading:
            continue
        for m in _GROUP.finditer(s.text):
            start, end = s.start + m.start(1), s.start + m.end(1)
            if not _taken(raws, start, end):
                side = "rich" if m.group(1).split()[0].lower() in _RICH else "poor"
                found.append(_Raw(m.group(1), start, end, s.number, "GROUP:" + side))
        for m in _OPPOSITION.finditer(s.text):
            start, end = s.start + m.start(1), s.start + m.end(1)
            if not _taken(raws, start, end):
                found.append(_Raw(m.group(1), start, end, s.number, "GROUP:opposition"))
    counts: dict[str, int] = {}
    for r in found:
        counts[r.label] = counts.get(r.label, 0) + 1
    return [r for r in found if counts[r.label] >= 2 or r.label == "GROUP:opposition"]


def _government_mentions(parsed: Parsed, raws: list[_Raw], all_states: list[_Raw]) -> list[_Raw]:
    """'the government', 'government troops' as mentions of the article's own state: the state named most
    (names of companies and bodies counted) when it is named at least twice as often as any other, else the
    state named last before in the same or the previous two sentences."""
    counts: dict[str, int] = {}
    for st in all_states:
        if st.state:
            counts[st.state] = counts.get(st.state, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    home = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]) else None
    out = []
    for s in parsed.sentences:
        for m in _GOVERNMENT.finditer(s.text):
            g = 1 if m.group(1) else 2
            start, end = s.start + m.start(g), s.start + m.end(g)
            if _taken(raws, start, end):
                continue
            state = home
            if state is None:
                before = [st for st in all_states if st.state and st.start < start and s.number - 2 <= st.sentence]
                state = before[-1].state if before else None
            if state:
                out.append(_Raw(m.group(g), start, end, s.number, "STATE", state))
    return out


@lru_cache(maxsize=1)
def _known_regex() -> tuple[re.Pattern[str], re.Pattern[str]]:
    names = sorted(lx.ORGANIZATIONS | lx.ARMED_GROUPS, key=len, reverse=True)
    acronyms = [n.upper() for n in names if " " not in n and len(n) <= 6 and n.isalpha() and n not in _AMBIGUOUS_ACRONYMS]
    words = [n for n in names if " " in n or len(n) > 6]
    acro = re.compile(r"(?<![\w.\-])(?:" + "|".join(re.escape(a) for a in acronyms) + r")(?![\w\-])")
    long = re.compile(r"(?<![\w\-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w\-])", re.I)
    return acro, long


def _known_names(parsed: Parsed, number: int, base: int, text: str, ents: list[_Raw],
                 states: list[_Raw]) -> list[_Raw]:
    """Organisations and armed groups of the lexicon that spaCy did not tag ("IGAD", "Ansarallah")."""
    out: list[_Raw] = []
    acro, long = _known_regex()
    taken = [(e.start, e.end) for e in ents] + [(s.start, s.end) for s in states]
    for regex in (acro, long):
        for m in regex.finditer(text):
            if not m.group(0)[0].isupper():
                continue
            start, end = base + m.start(), base + m.end()
            if any(a < end and start < b for a, b in taken):
                continue
            taken.append((start, end))
            out.append(_Raw(m.group(0), start, end, number, "ORG"))
    return out


def _authority_of(form: str) -> str | None:
    words = form.split()
    if len(words) >= 2 and words[-1].lower() in lx.STATE_AUTHORITY_WORDS:
        return state_of(" ".join(words[:-1]))
    return None


def _split_possessive(text: str, start: int) -> list[tuple[str, int]]:
    """'the United Kingdom's Ministry of Defense' -> the possessor and the possessed, each with its offset."""
    m = _POSSESSIVE_SPLIT.search(text)
    if not m or not text[m.end():m.end() + 1].isupper():
        return [(text, start)]
    return [(text[: m.start()], start), (text[m.end():], start + m.end())]


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _SMALL_WORDS and w[0].isupper())


def _group_key(raw: _Raw) -> str:
    if raw.state:
        return "state:" + raw.state
    if raw.label.startswith("GROUP:"):
        return "group:" + raw.label[6:]
    return lookup_key(raw.form)


def build(parsed: Parsed) -> list[Candidate]:
    """The candidate parties of a parsed article, most salient first."""
    raws = _raw_mentions(parsed)
    groups: dict[str, list[_Raw]] = {}
    for raw in raws:
        groups.setdefault(_group_key(raw), []).append(raw)
    parent = {key: key for key in groups}

    def find(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    def union(small: str, big: str) -> None:
        a, b = find(small), find(big)
        if a != b:
            parent[a] = b

    text = parsed.text
    labels = {key: _main_label(rs) for key, rs in groups.items()}
    for key, rs in groups.items():  # one PERSON tag or an honorific before a mention ("Mr. Hale") is enough
        if not key.startswith("state:") and len(key.split()) == 1 and any(
                r.label == "PERSON" or re.search(r"\b(?:Mr|Mrs|Ms|Dr)\.?\s*$", text[max(0, r.start - 5):r.start])
                for r in rs):
            labels[key] = "PERSON"
    plain = [k for k in groups if not k.startswith(("state:", "group:"))]
    if "group:opposition" in groups:  # "the opposition" is the one opposition coalition the article names
        fronts = [k for k in plain if {"coalition", "opposition"} & set(k.split()) and labels[k] != "PERSON"]
        if len(fronts) == 1:
            union("group:opposition", fronts[0])
    # Full Name (ABC) and initials.
    for key in plain:
        for r in groups[key]:
            m = _ACRONYM_AFTER.match(text, r.end)
            if m and lookup_key(m.group(1)) in groups and lookup_key(m.group(1)) != key:
                union(lookup_key(m.group(1)), key)
    for key in plain:
        form = groups[key][0].form
        if form.isupper() and 2 <= len(form) <= 8:
            bare = form.replace(".", "")  # "U.N." for "United Nations"
            fulls = [k for k in plain if k != key and len(groups[k][0].form.split()) >= 2
                     and _initials(groups[k][0].form) == bare and labels[k] != "PERSON"]
            if len(fulls) == 1:
                union(key, fulls[0])
    # Surnames (any label, when one side is a PERSON) and short company names (a word prefix of an ORG).
    persons: set[str] = set()
    for key in sorted(plain, key=lambda k: -len(k.split())):
        words = key.split()
        if len(words) == 1 and words[0] in lx.GOVERNMENT_WORDS:
            longer = {find(k) for k in plain if k != key and len(k.split()) > 1 and k.split()[-1] == words[0]}
            if len(longer) == 1:
                union(key, longer.pop())
            continue
        if len(words) == 1:
            longer = {find(k) for k in plain if k != key and len(k.split()) > 1 and _surname(k) == words[0]
                      and labels[k] in ("PERSON", "ORG", "GPE") and (labels[k] == "PERSON" or labels[key] == "PERSON")
                      and not _is_known_short(k)}
            if not longer and labels[key] == "PERSON":  # "Wang" for "Wang Lei": the family name first
                longer = {find(k) for k in plain if k != key and len(k.split()) > 1 and k.split()[0] == words[0]
                          and labels[k] == "PERSON"}
            if len(longer) == 1:
                persons.add(key)
                persons.update(longer)
                union(key, longer.pop())
                continue
        if _is_known_short(key) or state_of(key) or labels[key] == "PERSON" and key in persons:
            continue
        longer = {find(k) for k in plain if k != key and labels[k] == "ORG" and len(k.split()) > len(words)
                  and k.split()[: len(words)] == words}
        if not longer and len(words) >= 2 and labels[key] == "ORG":  # "Luqing Petrochemical" inside the full name
            longer = {find(k) for k in plain if k != key and labels[k] == "ORG" and len(k.split()) > len(words) + 1
                      and f" {key} " in f" {k} " and set(k.replace(",", " ").split()) & lx.COMPANY_SUFFIXES}
        if len(longer) == 1 and labels[key] in ("ORG", "PERSON", "GPE", "FAC"):
            union(key, longer.pop())
    armed_keys = [k for k in plain if labels[k] == "ARMED"]
    for key in armed_keys:
        if len(key.split()) == 1:
            fuller = {find(k) for k in armed_keys if k != key and (key in k.split() or key.rstrip("s") in k.split())}
            if len(fuller) == 1:
                union(key, fuller.pop())
    merged: dict[str, list[_Raw]] = {}
    for key, rs in groups.items():
        merged.setdefault(find(key), []).extend(rs)
    roots_as_person = {find(k) for k in persons}
    cands = [_candidate(root, rs, parsed, root in roots_as_person) for root, rs in merged.items()]
    cands = [c for c in cands if c is not None]
    raws_of = merged_by_name(merged, cands)
    places = {c.name for c in cands if c.kind == "other" and _is_place(c, raws_of[c.name], parsed)}
    brokered = brokers(parsed, cands)
    cands.sort(key=lambda c: (c.name in places, 0 if 1 in c.sentences else 1, -c.count - (c.name in brokered),
                              c.mentions[0].start))  # a broker counts one more mention
    return cands


_BROKER_VERBS = frozenset({"broker", "mediate", "host"})
_TALKS = frozenset({"talks", "negotiations", "negotiation", "conference", "summit", "meeting", "meetings"})


def brokers(parsed: Parsed, cands: list[Candidate]) -> set[str]:
    """Third parties of the deal: 'a deal brokered by the European Commission', 'talks mediated by IGAD', 'Qatar
    hosted the talks', 'Egyptian and Qatari mediators' (helping, backing or welcoming is not enough)."""
    out: set[str] = set()
    for number, span in enumerate(parsed.spans, start=1):
        for tok in span:
            if tok.lemma_.lower() in ("mediator", "broker") and tok.pos_ == "NOUN":  # "Egyptian and Qatari mediators"
                named = [tok.head] if tok.dep_ == "compound" and tok.head.pos_ == "PROPN" else []  # "mediator Lakhdar
                named += [c for c in tok.children if c.dep_ == "appos"]  # Brahimi", "the mediator, Lakhdar Brahimi"
                for n in named:
                    start, end = parsed.offset(number, n)
                    name = candidate_at(cands, start, end)
                    if name:
                        out.add(name)
                for mod in [c for c in tok.children if c.dep_ in ("amod", "compound")]:
                    for m in [mod, *mod.conjuncts]:
                        start, end = parsed.offset(number, m)
                        name = candidate_at(cands, start, end)
                        if name:
                            out.add(name)
                continue
            if tok.lemma_.lower() not in _BROKER_VERBS or tok.pos_ != "VERB":
                continue
            if tok.lemma_.lower() == "host" and not any(
                    t.lemma_.lower() in _TALKS or t.lower_ in _TALKS for t in tok.subtree if t is not tok):
                continue  # a host of talks mediates; a host of refugees does not
            agents = [o for c in tok.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
            agents += [c for c in tok.children if c.dep_ == "nsubj"]
            for a in agents:
                start, end = parsed.subtree_offsets(number, a)
                name = candidate_at(cands, start, end)
                if name:
                    out.add(name)
    return out


def merged_by_name(merged: dict[str, list[_Raw]], cands: list[Candidate]) -> dict[str, list[_Raw]]:
    by_start = {r.start: rs for rs in merged.values() for r in rs}
    return {c.name: by_start.get(c.mentions[0].start, []) for c in cands}


_PLACE_AFTER = frozenset("""province provinces state states region regions district districts governorate county
    island islands city town village valley oblast""".split())
_PLACE_BEFORE = re.compile(r"(?:city|town|village|island|province|region|district|governorate|port|capital) of\s+$|"
                           r"\b(?:in|inside|near|outside|around|across)\s+(?:the\s+)?"
                           r"(?:(?:northern|southern|eastern|western|central|north|south|east|west)\s+)?$", re.I)


def _is_place(cand: Candidate, raws: list[_Raw], parsed: Parsed) -> bool:
    """A town, province or region (not a state): tagged GPE/LOC/FAC, or named as 'the city of Homs', 'Homs
    province', 'in Unity and Jonglei states'; ranked after every other candidate."""
    labels = {r.label for r in raws}
    if labels & {"GPE", "LOC", "FAC"} and not labels & {"ORG", "PERSON", "ARMED"}:
        return True
    hits = 0
    for m in cand.mentions:
        sent = parsed.sentences[m.sentence - 1]
        after = parsed.text[m.end:sent.end].split()[:3]
        after = [w.strip(",.;:").lower() for w in after]
        if after[:1] and after[0] in _PLACE_AFTER or after[:1] == ["and"] and len(after) == 3 and after[2] in (
                "states", "provinces", "regions", "districts"):
            hits += 1
        elif _PLACE_BEFORE.search(parsed.text[max(sent.start, m.start - 40):m.start]):
            hits += 1
    return hits * 2 >= len(cand.mentions)


def _surname(key: str) -> str:
    """The last word of a folded name, an Arabic article dropped ('bashar al-assad' -> 'assad')."""
    last = key.split()[-1]
    return re.sub(r"^(?:al|el|ad|ash|as|at|an|ar)-", "", last) if len(key.split()) > 1 else last


def _is_known_short(key: str) -> bool:
    return key in lx.ORGANIZATIONS or key in lx.ARMED_GROUPS or key in lx.NEWS_OUTLETS


def _main_label(raws: list[_Raw]) -> str:
    counts: dict[str, int] = {}
    for r in raws:
        counts[r.label] = counts.get(r.label, 0) + 1
    return max(counts, key=lambda k: (counts[k], k == "ORG"))


def _candidate(root: str, raws: list[_Raw], parsed: Parsed, person: bool = False) -> Candidate | None:
    raws = sorted(raws, key=lambda r: r.start)
    label = "PERSON" if person else _main_label(raws)
    forms: list[str] = []
    for r in raws:
        if lookup_key(r.form) not in {lookup_key(f) for f in forms}:
            forms.append(r.form)
    state = next((r.state for r in raws if r.state), None)
    if state:
        name, kind = state, "state"
    elif label.startswith("GROUP:"):
        keyed = [lookup_key(r.form) for r in raws]
        name = max(forms, key=lambda f: (keyed.count(lookup_key(f)), -forms.index(f)))
        kind, label = "other", "GROUP"
    else:
        name = max(forms, key=lambda f: (len(f.split()), len(f), -forms.index(f)))
        if not person:
            label = _main_label([r for r in raws if lookup_key(r.form) == lookup_key(name)]) or label
        kind = _kind(name, forms, raws, label, parsed)
        if kind == "person" and set(lookup_key(name).split()) <= lx.OFFICIAL_TITLES | lx.TITLE_QUALIFIERS:
            return None  # "Principal" of "Principal Deputy Assistant Attorney General": a title's word, no one
        in_title = any(r.sentence == 1 for r in raws)
        if label in ("GPE", "FAC") and kind == "other" and len(raws) < 2 and not in_title:
            return None
    aliases = [f for f in forms if lookup_key(f) != lookup_key(name)]
    mentions = [Mention(parsed.text[r.start:r.end], r.start, r.end, r.sentence) for r in raws]
    keys = {lookup_key(f) for f in forms}
    media = bool(keys & lx.NEWS_OUTLETS) or (label == "ORG" and any(_outlet_context(r, parsed) for r in raws))
    return Candidate(name=name, kind=kind, aliases=aliases, mentions=mentions,
                     label="STATE" if state else label, news_media=media and not state,
                     document=not state and (is_document(name) or any(
                         _LAW_TAIL.match(parsed.text, r.end) for r in raws)))


def _context_words(raw: _Raw, parsed: Parsed, before: int = 4, after: int = 3) -> list[str]:
    sent = parsed.sentences[raw.sentence - 1]
    left = parsed.text[sent.start:raw.start].split()[-before:]
    right = parsed.text[raw.end:sent.end].split()[:after]
    return [w.strip(",.;:()\"'\u201c\u201d\u2019").lower() for w in left + right]


_OUTLET_AFTER = frozenset({"newspaper", "daily", "magazine", "broadcaster", "tabloid", "weekly", "television"})


def _outlet_context(raw: _Raw, parsed: Parsed) -> bool:
    """'the Daily Ledger newspaper', 'the news agency Yonhap', 'broadcaster NHK'."""
    words = _context_words(raw, parsed, before=2, after=1)
    before, after = words[:-1], words[-1:]
    return bool(set(after) & _OUTLET_AFTER) or bool(before and before[-1] in {"newspaper", "broadcaster", "daily"}
                                                     or before[-2:] == ["news", "agency"])


def _context_has(raws: list[_Raw], parsed: Parsed, words: frozenset[str]) -> bool:
    return any(w in words for r in raws for w in _context_words(r, parsed))


def _kind(name: str, forms: list[str], raws: list[_Raw], label: str, parsed: Parsed) -> PartyKind:
    keys = {lookup_key(f) for f in forms}
    words = {w.strip(".,").lower() for f in forms for w in f.split()}
    if keys & lx.ARMED_GROUPS or label == "ARMED":
        return "armed_group"
    if keys & lx.ORGANIZATIONS:
        return "organization"
    if any(_context_words(r, parsed, before=0, after=1)[-1:] and _context_words(r, parsed, before=0, after=1)[-1]
           in lx.ARMED_CONTEXT for r in raws):
        return "armed_group"  # "JEM rebels"
    if label in ("ORG", "GPE", "LOC", "FAC") and _place_context(raws, parsed):
        return "other"  # "in Unity and Jonglei states"
    if label == "PERSON" and len(name.split()) == 1 and any(
            _context_words(r, parsed, before=1, after=0)[:1] and _context_words(r, parsed, before=1, after=0)[0]
            in lx.COMPANY_CONTEXT for r in raws):
        return "company"  # "ship-tracking firm TankerWatch"
    if label == "PERSON" and not words & (lx.COMPANY_SUFFIXES | lx.COMPANY_NAME_WORDS):
        return "person"
    if label != "PERSON" and len(name.split()) in (2, 3) and any(_titled(r, parsed) for r in raws):
        return "person"  # "Nadia Saleh, a senior fellow at ..." tagged ORG
    if _context_has(raws, parsed, lx.ARMED_CONTEXT) or any(
            "armed group" in " ".join(_context_words(r, parsed, before=4, after=5)) for r in raws):
        return "armed_group"
    if words & lx.COMPANY_SUFFIXES:
        return "company"
    if any(_context_words(r, parsed, before=0, after=1)[-1:] == [w] for r in raws
           for w in ("minister", "ministry", "secretary", "spokesman", "spokeswoman", "spokesperson")):
        return "government_body"
    if words & lx.GOVERNMENT_WORDS or any(state_of(w) for w in name.split()[:2]) and label == "ORG" and words & {
            "ministry", "forces", "army"}:
        return "government_body"
    if label == "PERSON" and words & lx.COMPANY_NAME_WORDS:
        return "company"
    if label == "ORG" and (words & lx.COMPANY_NAME_WORDS or _context_has(raws, parsed, lx.COMPANY_CONTEXT)
                           or _subject_of(raws, parsed, lx.COMPANY_VERBS)):
        return "company"
    if label == "ORG" and not _place_context(raws, parsed):
        return "organization"
    return "other"


def _place_context(raws: list[_Raw], parsed: Parsed) -> bool:
    words = {w.strip(".,").lower() for r in raws for w in r.form.split()}
    if words & (lx.GOVERNMENT_WORDS | lx.COMPANY_SUFFIXES | lx.COMPANY_NAME_WORDS | lx.COMPANY_CONTEXT) or any(
            lookup_key(r.form) in lx.ORGANIZATIONS | lx.ARMED_GROUPS for r in raws):
        return False  # "people in the State Department"
    cand = Candidate(raws[0].form, "other", mentions=[Mention(r.form, r.start, r.end, r.sentence) for r in raws])
    return _is_place(cand, [], parsed)


def _titled(raw: _Raw, parsed: Parsed) -> bool:
    """A title in apposition right after the mention: 'X, a senior fellow at ...', 'X, the army's spokesman'."""
    after = parsed.text[raw.end : raw.end + 80]
    m = re.match(r",\s+(?:a|an|the)\s+(.*)", after)
    if not m:
        return False
    words = [w.strip(",.;").lower() for w in m.group(1).split()[:5]]
    return any(w in TITLE_WORDS for w in words)


def _subject_of(raws: list[_Raw], parsed: Parsed, lemmas: frozenset[str]) -> bool:
    for r in raws:
        span = parsed.spans[r.sentence - 1]
        base = parsed.bases[r.sentence - 1]
        for tok in span:
            if base + tok.idx >= r.start and base + tok.idx < r.end and tok.dep_ in ("nsubj", "nsubjpass"):
                if tok.head.lemma_ in lemmas:
                    return True
    return False


def resolver(cands: list[Candidate]) -> dict[str, str]:
    """Folded form -> candidate name, for every name and alias (the first candidate wins a clash)."""
    index: dict[str, str] = {}
    for c in cands:
        for form in [c.name, *c.aliases]:
            index.setdefault(lookup_key(form), c.name)
    return index


def candidate_at(cands: list[Candidate], start: int, end: int) -> str | None:
    """The candidate with a mention inside [start, end) (the longest mention wins), or None."""
    best: tuple[int, str] | None = None
    for c in cands:
        for m in c.mentions:
            if start <= m.start and m.end <= end and (best is None or m.end - m.start > best[0]):
                best = (m.end - m.start, c.name)
    return best[1] if best else None


@lru_cache(maxsize=1)
def _head_before() -> re.Pattern[str]:
    """A head-of-state title just before a name, with the state it names before or after the title ("South
    Sudanese President ", "President of Egypt ", "Nauru's President ", "President ")."""
    heads = "|".join(re.escape(h) for h in lx.HEAD_TITLES)
    return re.compile(rf"(?:(?P<adj>[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*)?)(?:'s|\u2019s)? )?(?i:{heads})"
                      rf"(?: of (?:the )?(?P<of>[A-Z][\w.'\u2019 -]+?))?\s*$")


def leader_state(text: str, person: Candidate, states: set[str], voice: str | None) -> str | None:
    """The state a person heads, when it is among ``states``: the state the title before one of their mentions
    names ("South Sudanese President Salva Kiir"), else, for a bare title ("President Biden"), the state the text
    speaks for (``voice``)."""
    if person.kind != "person":
        return None
    for m in person.mentions:
        found = _head_before().search(text[max(0, m.start - 60):m.start])
        if found is None:
            continue
        named = [state_of(f) for f in (found.group("of"), found.group("adj")) if f]
        state = next((x for x in named if x), None) or (voice if not any(named) and not found.group("adj") else None)
        if state in states:
            return state
    return None


def body_state(body: Candidate, states: set[str]) -> str | None:
    """The state a government body acts for, when that state is among ``states``: the state its name names
    ("Russian Defense Ministry", "Government of Sweden"), or the United States for a U.S. federal body."""
    if body.kind != "government_body":
        return None
    forms = [body.name, *body.aliases]
    found = None
    if any(lookup_key(f) in lx.US_BODIES for f in forms):
        found = "United States"
    else:
        for f in forms:
            words = f.replace("\u2019s", "").replace("'s", "").split()
            for n in (2, 1):
                for i in range(len(words) - n + 1):
                    found = found or state_of(" ".join(words[i:i + n]))
    return found if found in states else None
