"""Full-text ranking on SQLite (`make run`): pages whose title or "also called" names hold the query's words rank
above pages that only mention them in their text, as PostgreSQL's weighted rank does.

modelsearch's SQLite backend ranks with FTS5's `bm25()` with every column weighing the same, and bm25 is lower
for better matches, while the search engine (`search.engine`) sorts by a rank that is higher for better ones.
Here the title column weighs `TITLE_WEIGHT`, the names column (title and "also called", the type-ahead field)
`NAMES_WEIGHT`, the rest of the text 1, and the backend says which way its scores go (`lower_score_is_better`).
Imported only on SQLite (`search.backend.SearchBackend`).
"""

from django.db.models import FloatField, Func
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)

TITLE_WEIGHT = 10.0
NAMES_WEIGHT = 5.0
#: bm25() weights in the FTS5 table's column order: fts5(autocomplete, body, title).
COLUMN_WEIGHTS = (NAMES_WEIGHT, 1.0, TITLE_WEIGHT)


class WeightedBM25(Func):
    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra_context):
        weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS)
        return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {weights})", []


class TitleFirstQueryCompiler(SQLiteSearchQueryCompiler):
    # The names column holds only words of the title and body columns: matching it too finds the same pages and
    # lets bm25 count a match there.
    FTS_TABLE_FIELDS = ["title", "body", "autocomplete"]

    def _build_rank_expression(self, vectors, config):
        return WeightedBM25()


class TitleFirstSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = TitleFirstQueryCompiler
    lower_score_is_better = True
