/**
 * The Python every exported repro file starts with (`run --export-repro`): a pytest fixture around a boto3 client
 * and the checks the suite's judge makes (src/engine/judge.ts, src/engine/pages.ts), in Python. Kept apart from the
 * generator as data; the generator adds the service's tables and one test per deviation group after it.
 */
export const PYTEST_HARNESS = String.raw`import json
import os
import re
import urllib.error
import urllib.request

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

# boto3 reads the endpoint from AWS_ENDPOINT_URL_SAGEMAKER itself; client-side validation is off, so the
# request reaches the target as the suite sent it.
CONFIG = Config(parameter_validation=False, retries={"mode": "standard", "max_attempts": 1})


def _snake(operation):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()


class Answer:
    def __init__(self, status, text, code=None, message=None):
        self.status = status
        self.text = text
        try:
            self.body = json.loads(text) if text else None
        except ValueError:
            self.body = None
        self.code = code
        self.message = message
        if isinstance(self.body, dict) and status >= 300:
            if self.code is None and isinstance(self.body.get("__type"), str):
                self.code = self.body["__type"].split("#")[-1].split(":")[0]
            if self.message is None:
                self.message = self.body.get("message", self.body.get("Message"))

    def __repr__(self):
        return "HTTP %s %s: %s" % (self.status, self.code or "", (self.text or "")[:300])


class Replay:
    """Sends a case's steps as the suite did and judges each answer as the suite does; deletes what it created."""

    def __init__(self, client):
        self.client = client
        self.made = []

    def send(self, operation, request, body=None, raw=None):
        if raw is not None:
            return self._send_raw(operation, raw)
        seen = {}

        def keep(http_response, **_):
            seen["status"] = http_response.status_code
            seen["text"] = http_response.text

        def exact_body(params, **_):
            params["body"] = body.encode("utf-8")

        events = self.client.meta.events
        events.register("after-call.sagemaker.%s" % operation, keep)
        if body is not None:
            events.register_first("before-call.sagemaker.%s" % operation, exact_body)
        try:
            getattr(self.client, _snake(operation))(**({} if body is not None else request))
            answer = Answer(seen["status"], seen["text"])
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code")
            message = error.response.get("Error", {}).get("Message")
            answer = Answer(seen.get("status", error.response["ResponseMetadata"]["HTTPStatusCode"]), seen.get("text", ""), code, message)
        finally:
            events.unregister("after-call.sagemaker.%s" % operation, keep)
            if body is not None:
                events.unregister("before-call.sagemaker.%s" % operation, exact_body)
        return answer

    def _send_raw(self, operation, raw):
        """A protocol case's request byte for byte: its own headers, and signed as it says (or not at all)."""
        url = self.client.meta.endpoint_url
        region = self.client.meta.region_name
        headers = {}
        if raw["target"] is not None:
            headers["X-Amz-Target"] = raw["target"]
        if raw["contentType"] is not None:
            headers["Content-Type"] = raw["contentType"]
        request = AWSRequest(method="POST", url=url, data=raw["body"].encode("utf-8"), headers=headers)
        if raw["signing"] != "none":
            creds = boto3.Session().get_credentials().get_frozen_credentials()
            if raw["signing"] == "wrong-secret":
                creds = Credentials(creds.access_key, "not-the-secret", creds.token)
            scope = ("eu-west-1" if region == "us-west-2" else "us-west-2") if raw["signing"] == "other-region" else region
            SigV4Auth(creds, SIGNING_NAME, scope).add_auth(request)
        prepared = request.prepare()
        sent = urllib.request.Request(prepared.url, data=prepared.body, headers=dict(prepared.headers), method="POST")
        try:
            with urllib.request.urlopen(sent, timeout=30) as response:
                status, text, type_header = response.status, response.read().decode("utf-8", "replace"), response.headers.get("x-amzn-ErrorType")
        except urllib.error.HTTPError as error:
            status, text, type_header = error.code, error.read().decode("utf-8", "replace"), error.headers.get("x-amzn-ErrorType")
        return Answer(status, text, type_header.split(":")[0] if type_header else None)

    def run(self, steps):
        """A case's steps in order, each judged as the suite judges it; what they create is deleted afterwards."""
        for step in steps:  # what an earlier, interrupted run of this test may have left
            if step["operation"] in CREATES and isinstance(step["request"].get(CREATES[step["operation"]][1]), str):
                delete, member = CREATES[step["operation"]]
                self.send(delete, {member: step["request"][member]})
        prior = []
        for step in steps:
            answer = self.step(step, prior)
            prior.append((step["request"], answer.body if isinstance(answer.body, dict) else {}))

    def step(self, step, prior):
        operation, request, expect = step["operation"], step["request"], step["expect"]
        if step.get("pages"):
            return self._pages(operation, request, expect, prior)
        answer = self.send(operation, request, body=step.get("body"), raw=step.get("raw"))
        if operation in CREATES and answer.status == 200:
            self.made.append(CREATES[operation] + (request.get(CREATES[operation][1]),))
        judge(self.client.meta.region_name, operation, request, expect, answer, prior)
        return answer

    def _pages(self, operation, request, expect, prior):
        input_token, output_token, items, name_member = PAGES[operation]
        names, page_request, answer = [], dict(request), None
        per_page = {"outcome": "accept"} if expect["outcome"] == "accept" else expect
        for _ in range(20):
            answer = self.send(operation, page_request)
            judge(self.client.meta.region_name, operation, page_request, per_page, answer, prior)
            body = answer.body or {}
            names += [item.get(name_member) for item in body.get(items, []) if isinstance(item, dict)]
            token = body.get(output_token)
            if not token:
                break
            page_request = dict(request, **{input_token: token})
        listed = expect.get("listed")
        if listed:
            needle = request.get("NameContains")
            own = [n for n in names if needle is None or (isinstance(n, str) and needle.lower() in n.lower())]
            assert own == names, "a name outside NameContains %r was listed: %r" % (needle, names)
            assert len(set(own)) == len(own), "a name was listed twice: %r" % own
            if listed["ordered"]:
                assert own == listed["names"], "expected %r in this order, got %r" % (listed["names"], own)
            else:
                assert sorted(own) == sorted(listed["names"]), "expected %r, got %r" % (listed["names"], own)
        return answer

    def clean_up(self):
        for delete, member, name in reversed(self.made):
            try:
                self.send(delete, {member: name})
            except Exception:  # clean-up never hides the test's own failure
                pass
        self.made.clear()


def _subset(expected, actual, path="(root)"):
    if isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), "%s: expected %r, got %r" % (path, expected, actual)
        for i, item in enumerate(expected):
            _subset(item, actual[i], "%s[%d]" % (path, i))
    elif isinstance(expected, dict):
        assert isinstance(actual, dict), "%s: expected %r, got %r" % (path, expected, actual)
        for key, value in expected.items():
            _subset(value, actual.get(key), "%s.%s" % (path, key))
    else:
        assert expected == actual, "%s: expected %r, got %r" % (path, expected, actual)


def judge(region, operation, request, expect, answer, prior):
    """What the suite's judge checks (src/engine/judge.ts): prior holds each earlier step's (request, answer body)."""
    assert answer.status < 500, "HTTP %s: %r" % (answer.status, answer)
    assert isinstance(answer.body, dict), "the answer is not a JSON object: %r" % answer
    if expect["outcome"] == "reject":
        statuses = [expect["status"]] + expect.get("alsoStatus", [])
        assert answer.status in statuses, "expected HTTP %s %s, got %r" % (statuses, expect["errorCodes"], answer)
        assert answer.code in expect["errorCodes"], "expected %s, got %r" % (expect["errorCodes"], answer)
        for part in expect.get("messageIncludes", []) if answer.message is not None else []:
            assert part.lower() in answer.message.lower(), "expected a message including %r, got %r" % (part, answer.message)
        member = expect.get("member")
        if member and (not member.get("forCodes") or answer.code in member["forCodes"]):
            named = re.findall(r"\bat '([^']+)'", answer.message or "")
            wanted = [p.lower() for p in member["paths"]]
            if named:
                assert any(p.lower() in wanted for p in named), "expected a message naming %s, got %r" % (member["paths"], answer.message)
            else:
                assert member["whenUnnamed"] == "pass", "expected a message naming %s, got %r" % (member["paths"], answer.message)
        return
    assert answer.status == 200, "expected HTTP 200, got %r" % answer
    body = answer.body
    if operation in SCHEMAS:
        import jsonschema  # only the output checks need it

        jsonschema.validate(body, SCHEMAS[operation])
    for member, name_member, arn_type in ARNS.get(operation, []):
        arn = body.get(member)
        if not isinstance(arn, str):
            continue
        match = re.match(ARN_PATTERN, arn)
        assert match, "%s %r is not an ARN" % (member, arn)
        assert match.group(2) == region, "%s: expected region %s, got %s" % (member, region, match.group(2))
        assert match.group(4) == arn_type, "%s: expected resource type %s, got %s" % (member, arn_type, match.group(4))
        sent = request.get(name_member)
        if isinstance(sent, str):
            assert match.group(5) == sent.lower(), "%s: expected the name %s, got %s" % (member, sent.lower(), match.group(5))
    if "contains" in expect:
        source = prior[expect["contains"]["$request"]][0]
        _subset({k: v for k, v in source.items() if k not in expect["contains"].get("omit", [])}, body)
    if "includes" in expect:
        _subset(expect["includes"], body)
    for member, ref in expect.get("sameAs", {}).items():
        want = prior[ref["$response"]][1].get(ref["member"])
        assert body.get(member) == want, "%s: expected %r (from step %d), got %r" % (member, want, ref["$response"] + 1, body.get(member))


@pytest.fixture(scope="module")
def sagemaker():
    return boto3.client("sagemaker", config=CONFIG)


@pytest.fixture
def replay(sagemaker):
    session = Replay(sagemaker)
    for create, request in SETUP:
        session.send(create, request)
    try:
        yield session
    finally:
        session.clean_up()
        for delete, request in TEARDOWN:
            session.send(delete, request)
`;
