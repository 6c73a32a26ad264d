"""Read the demo site's data files (demo/content/<language>/) and check topic bodies against TopicBodyBlock.

Plain data in, plain data out: nothing here writes to the database. Every problem is raised as a
DemoContentError that names the file (and, for a topic body, the block's index and type).
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from wagtail.blocks.base import get_error_json_data

from topics.blocks import TopicBodyBlock
from topics.codes import CodeError, normalise
from topics.models import TopicCode

CONTENT_DIR = Path(__file__).resolve().parent / "content"


class DemoContentError(Exception):
    """A data file that cannot be loaded as it is; the message names the file and what is wrong."""


@dataclass
class DemoSite:
    """The demo site in one language, as read from its data files."""

    clinic: dict
    groups: list
    calls_to_action: list
    home: dict
    topic_index: dict
    contact: dict
    clinicians: list
    topics: dict  # topic slug -> (file path, data), in file name order
    clinic_pages: list = field(default_factory=list)  # clinic information pages, in footer order
    library_call_to_action: str = ""  # the call to action (by name) on every health-library page


def read_file(path):
    """One YAML data file as a dict; a syntax error or a file that is not a mapping names the file."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise DemoContentError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise DemoContentError(f"{path}: expected a mapping of field names to values at the top level")
    return data


@dataclass
class DemoTranslation:
    """The demo site's pages and snippets in another language; each names the English one it translates
    (`translation_of`: a slug, or a call to action's name). A topic takes its kind, groups, related topics,
    reviewer and review date from its English file."""

    language: str
    home: dict
    topic_index: dict
    contact: dict
    groups: list
    calls_to_action: list
    topics: dict  # topic slug -> (file path, data), in file name order
    clinic_pages: list


def read_topics(folder):
    """{slug: (path, data)} for the topic files in `folder`/topics, whose slugs match their file names."""
    topics = {}
    for path in sorted((folder / "topics").glob("*.yaml")):
        data = read_file(path)
        if data.get("slug") != path.stem:
            raise DemoContentError(f"{path}: slug {data.get('slug')!r} must match the file name {path.stem!r}")
        topics[path.stem] = (path, data)
    return topics


def read_site(language="en", content_dir=CONTENT_DIR):
    folder = Path(content_dir) / language
    topics = read_topics(folder)
    clinic_pages = folder / "clinic_pages.yaml"
    calls_to_action = read_file(folder / "calls_to_action.yaml")
    return DemoSite(
        clinic=read_file(folder / "clinic.yaml"),
        groups=read_file(folder / "groups.yaml")["groups"],
        calls_to_action=calls_to_action["calls_to_action"],
        home=read_file(folder / "home.yaml"),
        topic_index=read_file(folder / "topic_index.yaml"),
        contact=read_file(folder / "contact.yaml"),
        clinicians=read_file(folder / "clinicians.yaml")["clinicians"],
        topics=topics,
        clinic_pages=read_file(clinic_pages)["clinic_pages"] if clinic_pages.exists() else [],
        library_call_to_action=calls_to_action.get("library_call_to_action", ""),
    )


def read_translation(language, content_dir=CONTENT_DIR):
    """The translated demo content in demo/content/<language>/, or None when that folder does not exist."""
    folder = Path(content_dir) / language
    if not folder.is_dir():
        return None
    translation = DemoTranslation(
        language=language,
        home=read_file(folder / "home.yaml"),
        topic_index=read_file(folder / "topic_index.yaml"),
        contact=read_file(folder / "contact.yaml"),
        groups=read_file(folder / "groups.yaml")["groups"],
        calls_to_action=read_file(folder / "calls_to_action.yaml")["calls_to_action"],
        topics=read_topics(folder),
        clinic_pages=read_file(folder / "clinic_pages.yaml")["clinic_pages"],
    )
    for path, data in translation.topics.values():
        if not data.get("translation_of"):
            raise DemoContentError(f"{path}: 'translation_of' must name the English topic's slug")
    return translation


def topic_codes(path, codes):
    """A topic file's `codes` ([{system, code}]) as unsaved TopicCode rows, each checked as the editor's form checks
    it (`topics.codes`)."""
    rows = []
    for index, item in enumerate(codes or []):
        if not isinstance(item, dict) or set(item) != {"system", "code"}:
            raise DemoContentError(f"{path}: code {index}: expected 'system' and 'code', got {item!r}")
        try:
            code = normalise(item["system"], str(item["code"]))
        except CodeError as error:
            raise DemoContentError(f"{path}: code {index}: {error}") from None
        rows.append(TopicCode(system=item["system"], code=code, key=code.upper(), sort_order=index))
    return rows


def topic_body(path, body, cta_pks):
    """A topic file's body, checked against TopicBodyBlock, in the stored form StreamField takes."""
    data = stream_data(path, body, cta_pks)
    check_topic_body(path, data)
    return data


#: Body blocks whose `call_to_action` field names a call to action (stored by primary key).
BLOCKS_NAMING_A_CALL_TO_ACTION = ("call_to_action", "pre_screen")


def stream_data(path, body, cta_pks):
    """A topic body in StreamField's stored form; a call to action named in the file is stored by primary key."""
    blocks = []
    for index, item in enumerate(body or []):
        if not isinstance(item, dict) or set(item) != {"type", "value"}:
            raise DemoContentError(f"{path}: block {index}: expected 'type' and 'value', got {item!r}")
        value = item["value"]
        if item["type"] in BLOCKS_NAMING_A_CALL_TO_ACTION:
            name = value.get("call_to_action") if isinstance(value, dict) else None
            if name not in cta_pks:
                raise DemoContentError(
                    f"{path}: block {index} ({item['type']}): no call to action named {name!r} in calls_to_action.yaml"
                )
            value = {**value, "call_to_action": cta_pks[name]}
        blocks.append({"type": item["type"], "value": value})
    return blocks


def check_topic_body(path, data):
    """Run TopicBodyBlock's validation on a body in stored form; an error names the file, block index and type."""
    body_block = TopicBodyBlock()
    for index, item in enumerate(data):
        block_type = item["type"]
        child = body_block.child_blocks.get(block_type)
        if child is None:
            known = ", ".join(body_block.child_blocks)
            raise DemoContentError(f"{path}: block {index} ({block_type}): unknown block type; use one of {known}")
        if not isinstance(item["value"], dict):
            raise DemoContentError(f"{path}: block {index} ({block_type}): expected field names and values")
        unknown = ", ".join(sorted(set(item["value"]) - set(child.child_blocks)))
        if unknown:
            raise DemoContentError(f"{path}: block {index} ({block_type}): unknown field(s) {unknown}")
    try:
        body_block.clean(body_block.to_python(data))
    except ValidationError as error:
        problems = getattr(error, "block_errors", {}) or {None: error}
        index, block_error = min(problems.items(), key=lambda item: -1 if item[0] is None else item[0])
        where = f"block {index} ({data[index]['type']})" if index is not None else "body"
        raise DemoContentError(f"{path}: {where}: {describe(get_error_json_data(block_error))}") from error


def describe(error_data, prefix=""):
    """Wagtail's nested block error data as 'field: message' text."""
    parts = [f"{prefix}{message}" for message in error_data.get("messages", [])]
    for name, child in (error_data.get("blockErrors") or {}).items():
        parts.append(describe(child, f"{prefix}{name}: "))
    return "; ".join(parts)
