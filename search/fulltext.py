"""Wagtail's PostgreSQL full-text query, built by Wagtail once per queryset and then run with each search's words.

Building the query through the ORM (Wagtail's search compiler, Django's SQL compiler) cost a cold search more CPU
than PostgreSQL took to run it. The statement differs between searches only in the tsquery text it is given, so
`Statement.compile` asks Wagtail for the SQL of a search for a placeholder word and remembers where that word's
tsquery went; `Statement.rows` runs the same SQL with the search's own tsquery (`tsquery()`, the text Wagtail's
backend would pass: tests compare the two). The vocabulary keeps its statements (`Vocabulary.statements`), so they
are rebuilt with it whenever content, view restrictions or promotions change.
"""

import re
from dataclasses import dataclass

from django.db import connection

PLACEHOLDER = "clinicplaceholderword"
TERM_SPLIT_RE = re.compile(r"[\s\-]+")


def lexeme(term):
    """A quoted term, escaped as Wagtail's `Lexeme` escapes it."""
    return "'" + term.replace("'", "''").replace("\\", "\\\\") + "'"


def tsquery(text, operator):
    """The raw tsquery text Wagtail's PostgreSQL backend sends for a plain-text search of `text`: the last term
    first, then each other term joined with & ("and") or | ("or")."""
    terms = [term for term in TERM_SPLIT_RE.split(text) if term]
    if not terms:
        return None
    content = lexeme(terms.pop())
    connector = "&" if operator == "and" else "|"
    for term in terms:
        content = f"({content} {connector} {lexeme(term)})"
    return content


@dataclass(frozen=True)
class Statement:
    sql: str
    params: tuple
    slots: tuple  # positions in params of the search's tsquery

    @classmethod
    def compile(cls, results, *fields):
        """From Wagtail's search results for PLACEHOLDER (sliced as wanted), selecting `fields`; None when the
        placeholder's tsquery cannot be found among the parameters (then search through the ORM)."""
        sql, params = results.get_queryset().values_list(*fields).query.sql_with_params()
        slots = tuple(index for index, param in enumerate(params) if param == lexeme(PLACEHOLDER))
        return cls(sql, tuple(params), slots) if slots else None

    def rows(self, text, operator):
        """The rows Wagtail's search for `text` with `operator` would give."""
        query = tsquery(text, operator)
        if query is None:
            return []
        params = list(self.params)
        for index in self.slots:
            params[index] = query
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            return cursor.fetchall()
