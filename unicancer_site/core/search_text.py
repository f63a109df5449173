"""How the site search reads text, in Python: the same steps as PostgreSQL's text search configurations.

PostgreSQL reads the site's text with ``french_unaccent`` and ``english_unaccent`` (core migrations 0002 and
0007): words split at anything that is not a letter or a digit, accents removed (``unaccent``, which also
spells out the ligatures œ and æ), case folded, stop words dropped and Snowball stems. On SQLite the same is done
here, with the same Snowball algorithms (the ``snowballstemmer`` package, generated from the Snowball sources
that PostgreSQL's ``french_stem`` and ``english_stem`` compile) and PostgreSQL's own stop word lists
(``search_data/french.stop`` and ``english.stop``, copied from PostgreSQL's ``tsearch_data``: Snowball's
lists), so that a query finds the same rows on both databases.

Identifiers (ClinicalTrials.gov, EudraCT, EU CT numbers) are compacted ("2019-001234-56" -> "201900123456",
"NCT01234567" -> "nct01234567") in the documents and in the queries, so that hyphens and case do not matter.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import snowballstemmer
from spellchecker import SpellChecker

FRENCH = "french"
ENGLISH = "english"
LANGUAGES = (FRENCH, ENGLISH)

# unaccent.rules spells these out; Unicode's decomposition does not (œ is a letter of its own).
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
# A word: letters and digits (the parser of PostgreSQL splits at the same places, apostrophes included).
WORD = re.compile(r"[^\W_]+")
# A word joined by hyphens ("PADA-1", "SAFIR02-BREAST"): also indexed written as one ("pada1").
COMPOUND = re.compile(r"[^\W_]+(?:-[^\W_]+)+")
# Hyphens or spaces may be typed between the parts ("NCT 01564056", "2023 501234 12").
IDENTIFIER = re.compile(
    r"\b(?:nct[\s-]?\d{8}|\d{4}[\s-]?5\d{5}[\s-]?\d{2}[\s-]?\d{2}|\d{4}[\s-]?\d{6}[\s-]?\d{2})\b",
    re.IGNORECASE,
)
# An EU CT number ("2023-501234-12-00"): also found without its two last digits, as people often cite it.
EU_CT = re.compile(r"^\d{4}5\d{5}\d{2}\d{2}$")
# A word followed by a number, after a space or a hyphen ("ASTER 70s", "pada 1", "TG-4001"), in folded text: in
# documents and queries alike, the two are also (queries: only) read as one word ("aster70s", "pada1",
# "tg4001"), so that an acronym is found however its number is attached.
WORD_AND_NUMBER = re.compile(r"\b([^\W\d_]{2,})[ \t-]+(\d[^\W_]*)\b")
STOP_WORD_DIR = Path(__file__).resolve().parent / "search_data"
SHORTEST_WORD_TO_CORRECT = 4
# A query word of letters this long or longer also finds the words it begins ("chimio" finds "chimiothérapie"):
# patients type the short form. Shorter ones would find too much ("sein" would find "seine").
SHORTEST_PREFIX = 5


def fold(text: str) -> str:
    """'Œsophage Thérapie' -> 'oesophage therapie': ligatures spelt out, accents removed, lower case."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def compact_identifier(value: str) -> str:
    """'2019-001234-56' -> '201900123456', 'NCT01234567' -> 'nct01234567' (no hyphen, no space, lower case)."""
    return re.sub(r"[\s-]", "", value).lower()


def identifier_forms(value: str) -> list[str]:
    """The forms of a stored identifier a query may give: compacted, and an EU CT number without its last two
    digits ('2023-501234-12-00' -> ['20235012341200', '202350123412'])."""
    compact = compact_identifier(value)
    return [compact, compact[:-2]] if EU_CT.match(compact) else [compact]


@cache
def stop_words(language: str) -> frozenset[str]:
    """PostgreSQL's stop words of ``language``. They are compared with folded words, as PostgreSQL compares
    them with the output of ``unaccent``: an accented stop word ("été") never matches, there as here."""
    lines = (STOP_WORD_DIR / f"{language}.stop").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip())


@cache
def _stemmer(language: str):
    return snowballstemmer.stemmer(language)


def stem(word: str, language: str) -> str:
    """The Snowball stem of a folded ``word``; words with a digit are kept whole (PostgreSQL maps them to the
    ``simple`` dictionary)."""
    if any(char.isdigit() for char in word):
        return word
    return _stemmer(language).stemWord(word)


def is_stop_word(word: str) -> bool:
    """A folded word that one of the languages drops (PostgreSQL's query would find nothing for it)."""
    return any(word in stop_words(language) for language in LANGUAGES)


def term_languages(word: str, acronyms: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The languages in which a folded query word is looked for: those that do not drop it. A stop word is
    not looked for at all ("du", "the": every word of a query must be found), unless typed in capitals like
    an acronym ("HAS", the Haute Autorité de Santé, is an English stop word)."""
    kept = tuple(language for language in LANGUAGES if word not in stop_words(language))
    if len(kept) == len(LANGUAGES) or word in acronyms:
        return kept
    return ()


def words(text: str) -> list[str]:
    """The folded words of ``text``, then its other written forms (``other_forms``)."""
    return WORD.findall(fold(text)) + other_forms(text)


def other_forms(text: str) -> list[str]:
    """The other ways an acronym of ``text`` may be typed, so that each is found whichever was stored:
    hyphenated compounds as one word ('PADA-1' -> 'pada1'), a word and the number after it as one word
    ('ASTER 70s' -> 'aster70s', as ``join_numbers`` reads queries). Added to both databases' documents
    (PostgreSQL's parser keeps 'pada-1', 'pada' and '1', never 'pada1')."""
    folded = fold(text)
    found = [compound.replace("-", "") for compound in COMPOUND.findall(folded)]
    found += [letters + number for letters, number in WORD_AND_NUMBER.findall(folded) if not is_stop_word(letters)]
    return found


def join_numbers(folded: str) -> str:
    """A folded query with each word and the number after it written as one ('pada 1' -> 'pada1', 'safir-02'
    -> 'safir02'), stop words excepted ('en 2024'): documents hold that form (``other_forms``), while the
    number alone would find any text with that number in it."""
    return WORD_AND_NUMBER.sub(
        lambda found: found[0] if is_stop_word(found[1]) else found[1] + found[2],
        folded,
    )


def joined_compounds(text: str) -> str:
    """``other_forms`` of ``text`` as one text, added to the PostgreSQL document."""
    return " ".join(other_forms(text))


def document_tokens(text: str, language: str) -> set[str]:
    """The stems that ``text`` in ``language`` adds to a document (stop words dropped)."""
    stops = stop_words(language)
    return {stem(word, language) for word in words(text) if word not in stops}


@dataclass(frozen=True)
class Term:
    """One word of a query: ``word`` as typed (folded), ``stems`` it may match in a document (its French and
    English stems), ``identifier`` when it is a trial identifier (matched whole, never stemmed), ``prefix`` when
    it also matches the document words its stems begin (a word of SHORTEST_PREFIX letters or more)."""

    word: str
    stems: frozenset[str]
    identifier: bool = False
    languages: tuple[str, ...] = LANGUAGES
    prefix: bool = False

    @classmethod
    def for_word(cls, word: str, languages: tuple[str, ...] = LANGUAGES) -> "Term":
        """The term of a folded word, stemmed in ``languages``."""
        return cls(
            word=word,
            stems=frozenset(stem(word, language) for language in languages),
            languages=languages,
            prefix=len(word) >= SHORTEST_PREFIX and word.isalpha(),
        )

    def matches(self, document_stem: str) -> bool:
        """Whether a stem of a document is one this term finds."""
        if self.prefix:
            return any(document_stem.startswith(found) for found in self.stems)
        return document_stem in self.stems

    @property
    def correctable(self) -> bool:
        """Long enough and made of letters: a word worth looking for among the words of the site."""
        return not self.identifier and len(self.word) >= SHORTEST_WORD_TO_CORRECT and self.word.isalpha()


MAX_TERMS = 10


def query_terms(text: str) -> list[Term]:
    """The terms of a query, at most MAX_TERMS: identifiers compacted, stop words dropped, duplicates removed.

    ``query_terms("Cancers du poumon")`` -> terms for "cancers" and "poumon"; an empty list when nothing is
    left to look for (only stop words, punctuation).
    """
    terms: list[Term] = []
    identifiers = [compact_identifier(found) for found in IDENTIFIER.findall(text)]
    rest = IDENTIFIER.sub(" ", text)
    for identifier in identifiers:
        terms.append(Term(word=identifier, stems=frozenset({identifier}), identifier=True))
    acronyms = frozenset(fold(word) for word in WORD.findall(rest) if len(word) >= 2 and word.isupper())
    for word in WORD.findall(join_numbers(fold(rest))):
        languages = term_languages(word, acronyms)
        if languages:
            terms.append(Term.for_word(word, languages))
    unique = list(dict.fromkeys(terms))
    return unique[:MAX_TERMS]


# pyspellchecker's word lists (from OpenSubtitles and Wiktionary): the words of everyday French and English.
SPELLCHECKER_LANGUAGES = {FRENCH: "fr", ENGLISH: "en"}


@cache
def dictionary(language: str) -> frozenset[str]:
    """The everyday words of ``language`` (FRENCH or ENGLISH), folded: a query word among them is never
    "corrected" ("foie" is not a misspelt "fois", "rein" not a misspelt "reims"). Loaded once per process
    (about a second, a few megabytes)."""
    words = SpellChecker(language=SPELLCHECKER_LANGUAGES[language], distance=1).word_frequency.dictionary
    return frozenset(fold(word) for word in words)


def vocabulary_words(text: str) -> set[str]:
    """The words of ``text`` that a misspelt query word may be corrected to (folded, unstemmed, letters only)."""
    return {word for word in WORD.findall(fold(text)) if len(word) >= 3 and word.isalpha() and not is_stop_word(word)}
