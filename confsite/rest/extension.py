"""The flask-smorest ``Api`` as confsite uses it: OpenAPI 3.1, problem documents for
every error response, and no app-wide error handler (the site's pages keep theirs)."""

from __future__ import annotations

import http

from flask_smorest import Api
from flask_smorest.utils import prepare_response

from confsite.rest.problems import PROBLEM_TYPE, ProblemSchema


class RestApi(Api):
    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        """Errors under /api/ become problems in ``confsite.errors``; see problems.py."""

    def _register_responses(self) -> None:
        """As flask-smorest's, but error bodies are documented as problem+json."""
        for status in http.HTTPStatus:
            response: dict = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Problem document (RFC 9457)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_TYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)
