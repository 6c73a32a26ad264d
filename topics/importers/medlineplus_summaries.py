"""Read MedlinePlus summary HTML from an N-Triples file (plain `.nt`, or Brotli-compressed `.nt.br`).

Each topic is a document whose IRI is its MedlinePlus URL; its `textualEntity` holds the full summary as
HTML (`literalForm`, encoding `TextHtml`). `load_summaries()` returns {topic URL: sanitised HTML}, keeping
only paragraphs, lists, bold, italics and https links to MedlinePlus or NIH; everything else is reduced to
its text. No database access.
"""

import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from .medlineplus import MedlinePlusError

ONTOLOGY = "http://purl.archive.org/purl/knextract/ontology#"
TEXTUAL_ENTITY = f"{ONTOLOGY}textualEntity"
LITERAL_FORM = f"{ONTOLOGY}literalForm"
ENCODING_TYPE = f"{ONTOLOGY}encodingType"
HTML_ENCODING = "http://purl.archive.org/purl/knextract/cbox#_EncodingType_TextHtml"

#: subject, predicate, object (an IRI, a blank node or a literal with an optional language or datatype).
TRIPLE_RE = re.compile(
    r'^(<[^>]*>|_:\S+)\s+<([^>]*)>\s+(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^<[^>]*>)?)\s*\.$'
)
ESCAPE_RE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
SIMPLE_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}

ALLOWED_TAGS = {"p", "ul", "ol", "li", "a", "strong", "em"}
RENAMED_TAGS = {"b": "strong", "i": "em"}
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
DROPPED_WITH_CONTENT = {"script", "style", "template", "iframe", "object"}
LINK_HOSTS = ("medlineplus.gov", "nih.gov")


def unescape_literal(text):
    def replace(match):
        code = match.group(1) or match.group(2)
        return chr(int(code, 16)) if code else SIMPLE_ESCAPES.get(match.group(3), match.group(3))

    return ESCAPE_RE.sub(replace, text)


def read_ntriples(path):
    """The file's text; a `.br` file is decompressed with the `brotli` package."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise MedlinePlusError([f"{path}: no such file"]) from None
    except OSError as error:
        raise MedlinePlusError([f"{path}: cannot be read ({error})"]) from None
    if path.suffix == ".br":
        try:
            import brotli
        except ImportError:
            raise MedlinePlusError(
                [f"{path}: reading a .br file needs the brotli package (pip install brotli), or pass the .nt file"]
            ) from None
        try:
            data = brotli.decompress(data)
        except brotli.error as error:
            raise MedlinePlusError([f"{path}: not a Brotli-compressed file ({error})"]) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MedlinePlusError([f"{path}: cannot be read ({error})"]) from None


def parse_summaries(text, where="summaries"):
    """{document IRI: summary HTML as in the file}; raises MedlinePlusError listing every malformed line."""
    entities, literals, encodings, problems = {}, {}, {}, []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = TRIPLE_RE.match(line)
        if match is None:
            problems.append(f"{where}: line {number} is not an N-Triples statement")
            continue
        subject, predicate, obj = match.groups()
        if predicate == TEXTUAL_ENTITY and subject.startswith("<"):
            entities[subject[1:-1]] = obj
        elif predicate == LITERAL_FORM and obj.startswith('"'):
            literals[subject] = unescape_literal(obj[1 : obj.rindex('"')])
        elif predicate == ENCODING_TYPE:
            encodings[subject] = obj.strip("<>")
    if problems:
        raise MedlinePlusError(problems)
    return {
        url: literals[entity]
        for url, entity in entities.items()
        if entity in literals and encodings.get(entity, HTML_ENCODING) == HTML_ENCODING
    }


def load_summaries(path):
    """{MedlinePlus topic URL: sanitised summary HTML} from an `.nt` or `.nt.br` file."""
    raw = parse_summaries(read_ntriples(path), where=str(path))
    return {url: html for url, html in ((url, sanitise(raw_html)) for url, raw_html in raw.items()) if html}


def allowed_link(href):
    """An https link to MedlinePlus or NIH (or one of their subdomains)."""
    try:
        parts = urlsplit((href or "").strip())
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and any(host == h or host.endswith(f".{h}") for h in LINK_HOSTS)


class SummarySanitiser(HTMLParser):
    """Rebuilds HTML from allowed tags only; closes what it opens, wraps loose text in paragraphs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.open = []  # allowed tags opened, innermost last
        self.skipping = 0

    def start(self, tag, attrs=""):
        self.out.append(f"<{tag}{attrs}>")
        self.open.append(tag)

    def close_to(self, tag):
        """Close open tags down to and including the innermost `tag`, if it is open."""
        if tag in self.open:
            while self.open:
                current = self.open.pop()
                self.out.append(f"</{current}>")
                if current == tag:
                    break

    def in_block(self):
        return any(tag in ("p", "li") for tag in self.open)

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_WITH_CONTENT:
            self.skipping += 1
            return
        tag = RENAMED_TAGS.get(tag, tag)
        if tag == "p" or tag in HEADING_TAGS:
            self.close_to("p")
            self.start("p")
            if tag in HEADING_TAGS:
                self.start("strong")
        elif tag in ("ul", "ol"):
            self.close_to("p")
            self.start(tag)
        elif tag == "li":
            self.close_to("li")
            if not any(t in ("ul", "ol") for t in self.open):
                self.start("ul")
            self.start("li")
        elif tag in ("strong", "em"):
            if not self.in_block():
                self.start("p")
            self.start(tag)
        elif tag == "a":
            href = dict(attrs).get("href")
            if allowed_link(href):
                if not self.in_block():
                    self.start("p")
                self.start("a", f' href="{escape(href.strip(), quote=True)}"')

    def handle_endtag(self, tag):
        if tag in DROPPED_WITH_CONTENT:
            self.skipping = max(0, self.skipping - 1)
            return
        tag = RENAMED_TAGS.get(tag, tag)
        if tag in HEADING_TAGS:
            tag = "p"
        if tag in ALLOWED_TAGS:
            self.close_to(tag)

    def handle_data(self, data):
        if self.skipping or not data.strip() and not self.in_block():
            return
        if not self.in_block():
            self.close_to("p")
            self.start("p")
        self.out.append(escape(data, quote=False))

    def result(self):
        self.close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")
        html = "".join(self.out)
        # Whitespace-only paragraphs and list items left by dropped markup say nothing.
        return re.sub(r"<(p|li)>\s*</\1>", "", html).strip()


def sanitise(html):
    """Only p, ul, ol, li, strong, em and https links to MedlinePlus/NIH; everything else becomes its text."""
    parser = SummarySanitiser()
    parser.feed(html)
    return parser.result()
