"""Documents of AWS API shapes with every member set, from botocore's service models.

Run by `tests/model_round_trip.rs` with the pinned test bed's Python
(`.venv/local-aws/bin/python`), so the models are those of the pinned botocore
(`scripts/local-aws.requirements.txt`). Reads a JSON request on stdin:

    {"requests": [{"service": "ecs", "operation": "CreateService",
                   "side": "input" | "output", "omit": ["a.b", ...]}]}

and writes, for each request in order, {"doc": <JSON value>, "xml": <string, outputs of
query-protocol services only>, "paths": [[path, shape, member], ...]}: the document, and
every member path set in it (dot-joined wire member names; a map's values are under
`*`), with the structure shape and member name it ends at. An operation `*` (outputs)
answers {operation: answer} for every operation of the service.

Values follow the model: the first enum value, a string `a1` (longer where the
model's minimum length says so), numbers at the minimum (or 1, 1.5), booleans true,
lists of one element, maps of one entry (key `mapkey`), unions
one variant each (the first), and recursion bounded (a shape is not entered again on its
own path).
"""

import gzip
import json
import os
import sys
from xml.sax.saxutils import escape

import botocore

DATA = os.path.join(os.path.dirname(botocore.__file__), "data")
MAP_KEY = "mapkey"


def load(service):
    folder = os.path.join(DATA, service)
    version = sorted(os.listdir(folder))[-1]
    with gzip.open(os.path.join(folder, version, "service-2.json.gz")) as f:
        return json.load(f)


class Gen:
    def __init__(self, model, side, variant=0):
        self.variant = variant
        self.model = model
        self.shapes = model["shapes"]
        self.side = side
        self.paths = []
        self.omitted = set()

    def string(self, shape):
        if "enum" in shape:
            return shape["enum"][self.variant % len(shape["enum"])]
        n = max(shape.get("min", 1), 1)
        value = "a1"
        while len(value) < n:
            value += "a"
        return value

    def value(self, name, path, stack, omit):
        shape = self.shapes[name]
        t = shape["type"]
        if t == "structure" and shape.get("document"):
            return {MAP_KEY: "a1"}
        if t == "structure":
            out = {}
            members = list(shape["members"].items())
            if shape.get("union"):
                members = members[:1]
            for m, ref in members:
                target = ref["shape"]
                p = f"{path}.{m}" if path else m
                if p in omit:
                    self.omitted.add(p)
                    continue
                if target in stack:
                    continue
                if self.side == "output" and (
                    ref.get("location") in ("header", "headerList", "statusCode")
                ):
                    continue
                v = self.value(target, p, stack + [target], omit)
                if v is None:
                    continue
                self.paths.append([p, name, m])
                out[m] = v
            return out
        if t == "list":
            v = self.value(shape["member"]["shape"], path, stack, omit)
            return None if v is None else [v]
        if t == "map":
            v = self.value(shape["value"]["shape"], f"{path}.*", stack, omit)
            return None if v is None else {MAP_KEY: v}
        if t == "string":
            return self.string(shape)
        if t in ("integer", "long"):
            lo = int(shape.get("min", 1))
            return max(lo, 1) if shape.get("max", 2) >= 1 else lo
        if t in ("double", "float"):
            lo = float(shape.get("min", 0.5))
            return max(lo, 1.5) if shape.get("max", 2) >= 1.5 else lo
        if t == "boolean":
            return True
        if t == "timestamp":
            return 1700000000 if self.side == "output" else "2030-01-01T00:00:00Z"
        if t == "blob":
            return "YQ=="
        raise ValueError(f"shape type {t} of {name}")


def xml(model, name, value, tag):
    """The awsQuery XML of `value` (of shape `name`) as element `tag`."""
    shapes = model["shapes"]
    shape = shapes[name]
    t = shape["type"]
    if t == "structure":
        inner = ""
        for m, v in value.items():
            ref = shape["members"][m]
            inner += xml(model, ref["shape"], v, ref.get("locationName", m))
        return f"<{tag}>{inner}</{tag}>"
    if t == "list":
        ref = shape["member"]
        item = ref.get("locationName", "member")
        inner = "".join(xml(model, ref["shape"], v, item) for v in value)
        if shape.get("flattened"):
            return inner
        return f"<{tag}>{inner}</{tag}>"
    if t == "map":
        inner = "".join(
            "<entry>"
            + xml(model, shape["key"]["shape"], k, "key")
            + xml(model, shape["value"]["shape"], v, "value")
            + "</entry>"
            for k, v in value.items()
        )
        return f"<{tag}>{inner}</{tag}>"
    if t == "boolean":
        return f"<{tag}>{'true' if value else 'false'}</{tag}>"
    if t == "timestamp":
        return f"<{tag}>2023-11-14T22:13:20Z</{tag}>"
    return f"<{tag}>{escape(str(value))}</{tag}>"


def main():
    request = json.load(sys.stdin)
    models = {}
    answers = []
    for r in request["requests"]:
        service = r["service"]
        model = models.setdefault(service, load(service))
        if r["operation"] == "*":
            answers.append(
                {
                    name: answer(model, name, r)
                    for name, op in model["operations"].items()
                    if "output" in op
                }
            )
            continue
        answers.append(answer(model, r["operation"], r))
    json.dump(answers, sys.stdout)


def answer(model, operation, r):
    op = model["operations"][operation]
    side = r["side"]
    ref = op[side]
    g = Gen(model, side, r.get("variant", 0))
    omit = set(r.get("omit", []))
    doc = g.value(ref["shape"], "", [ref["shape"]], omit)
    if omit - g.omitted:
        raise ValueError(f"{operation} has no member {sorted(omit - g.omitted)}")
    out = {"doc": doc, "paths": g.paths}
    if side == "output" and model["metadata"]["protocol"] == "query":
        ns = model["metadata"].get("xmlNamespace", "")
        wrapper = ref.get("resultWrapper", f"{operation}Result")
        body = xml(model, ref["shape"], doc, wrapper)
        out["xml"] = (
            f'<{operation}Response xmlns="{ns}">{body}'
            f"<ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata>"
            f"</{operation}Response>"
        )
    return out


if __name__ == "__main__":
    main()
