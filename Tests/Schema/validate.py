#!/usr/bin/env python3
"""Validate gongkai JSON documents against the schemas in docs/schema/.

    validate.py SCHEMA_DIR FILE...

Each FILE's `schema` member names its schema: `gongkai.report.<kind>/<n>` is
SCHEMA_DIR/<kind>.schema.json, `gongkai.<record>/<n>` is SCHEMA_DIR/records/<record>.schema.json.
Every schema used is first checked against the JSON Schema 2020-12 meta-schema.
Prints one line per problem; exits 1 when any document (or schema) is invalid or
has no schema, 0 when all are valid.
"""
import json
import os
import re
import sys

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError


def schema_file(directory, name):
    report = re.fullmatch(r"gongkai\.report\.([a-z][a-z0-9-]*)/\d+", name or "")
    if report:
        return os.path.join(directory, report.group(1) + ".schema.json")
    record = re.fullmatch(r"gongkai\.([a-z][a-z0-9-]*)/\d+", name or "")
    return os.path.join(directory, "records", record.group(1) + ".schema.json") if record else None


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    directory, files = argv[1], argv[2:]
    validators = {}
    problems = 0
    for path in files:
        try:
            with open(path, encoding="utf-8") as f:
                document = json.load(f)
        except (OSError, ValueError) as error:
            print(f"{path}: not JSON: {error}")
            problems += 1
            continue
        name = document.get("schema") if isinstance(document, dict) else None
        schema_path = schema_file(directory, name)
        if schema_path is None or not os.path.isfile(schema_path):
            print(f"{path}: no schema for {name!r} (looked for {schema_path})")
            problems += 1
            continue
        if schema_path not in validators:
            with open(schema_path, encoding="utf-8") as f:
                schema = json.load(f)
            try:
                Draft202012Validator.check_schema(schema)
            except SchemaError as error:
                print(f"{schema_path}: not a valid JSON Schema 2020-12: {error.message}")
                problems += 1
                validators[schema_path] = None
                continue
            validators[schema_path] = Draft202012Validator(schema, format_checker=FormatChecker())
        validator = validators[schema_path]
        if validator is None:
            problems += 1
            continue
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(part) for part in error.absolute_path) or "(root)"
            print(f"{path}: {where}: {error.message[:300]}")
            problems += 1
    print(f"{len(files)} documents, {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
