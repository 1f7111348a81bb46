# Parses SQL with sqlglot (Debian's python3-sqlglot) in one read dialect, error level RAISE, and
# writes it back in that dialect (a transpile round trip). Input on stdin: a JSON list of queries.
# Output: a JSON list, per query {"error": message or null, "functions": names sqlglot does not know
# (Anonymous), which the test compares with the functions the engine is known to have}.
import json
import sys

import sqlglot
from sqlglot import ErrorLevel, exp

dialect = sys.argv[1]
# "details": also the string literals' values and the identifiers' names, as the parser read them.
details = len(sys.argv) > 2 and sys.argv[2] == "details"
sys.setrecursionlimit(20000)
out = []
for query in json.load(sys.stdin):
    try:
        trees = sqlglot.parse(query, read=dialect, error_level=ErrorLevel.RAISE)
        names = set()
        strings = set()
        idents = set()
        for tree in trees:
            if tree is None:
                continue
            tree.sql(dialect=dialect)
            for node in tree.find_all(exp.Anonymous):
                names.add(str(node.this).lower())
            if details:
                strings.update(n.this for n in tree.find_all(exp.Literal) if n.is_string)
                idents.update(n.this for n in tree.find_all(exp.Identifier))
        result = {"error": None, "functions": sorted(names)}
        if details:
            result.update(strings=sorted(strings), identifiers=sorted(idents))
        out.append(result)
    except Exception as err:  # a ParseError, or a generator error on the round trip
        out.append({"error": str(err)[:2000], "functions": []})
json.dump(out, sys.stdout)
