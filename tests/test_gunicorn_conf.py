"""deploy/gunicorn.conf.py: workers and timeout from the environment, and logs that never
say who read or searched what."""

import datetime as dt
import logging
import runpy

import pytest
from django.conf import settings
from gunicorn.config import Config

CONF = settings.BASE_DIR / "deploy" / "gunicorn.conf.py"
READER_ADDRESS = "203.0.113.7"
SEARCH = "ivanov"


def gunicorn_config() -> Config:
    """The configuration gunicorn builds from the file (`-c deploy/gunicorn.conf.py`)."""
    config = Config()
    for name, value in runpy.run_path(str(CONF)).items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_workers_and_timeout_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "7")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "45")
    config = gunicorn_config()
    assert config.workers == 7
    assert config.timeout == 45


def test_default_workers_follow_the_cpus(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("GUNICORN_TIMEOUT", raising=False)
    config = gunicorn_config()
    assert config.workers >= 3
    assert config.timeout == 30
    assert config.bind == ["127.0.0.1:8001"]
    assert config.control_socket_disable


class Request:
    headers = [("REFERER", f"https://search.example/?q={SEARCH}"), ("USER-AGENT", "Reader/1.0")]


class Response:
    status = "200 OK"
    sent = 5120
    headers = [("Content-Type", "text/html")]


class Lines(logging.Handler):
    """The lines gunicorn's handlers would write, as they would write them."""

    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())

    def __str__(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def gunicorn_logger():
    config = gunicorn_config()
    logger = config.logger_class(config)
    written = Lines()
    logger.access_log.addHandler(written)
    logger.error_log.addHandler(written)
    logger.written = written
    yield logger
    # gunicorn's loggers are process-wide: leave none of this test's handlers on them.
    for log in (logger.error_log, logger.access_log):
        for handler in list(log.handlers):
            log.removeHandler(handler)


def test_access_line_names_neither_the_reader_nor_the_search(gunicorn_logger):
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/cases/?q={SEARCH}",
        "PATH_INFO": "/cases/",
        "QUERY_STRING": f"q={SEARCH}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": READER_ADDRESS,
        "HTTP_REFERER": f"https://search.example/?q={SEARCH}",
        "HTTP_USER_AGENT": "Reader/1.0",
    }
    gunicorn_logger.access(Response(), Request(), environ, dt.timedelta(milliseconds=42))
    line = str(gunicorn_logger.written)
    assert '"GET /cases/" 200 5120 42ms' in line
    for revealing in (READER_ADDRESS, SEARCH, "search.example", "Reader/1.0"):
        assert revealing not in line


def test_error_lines_lose_query_strings_and_addresses(gunicorn_logger):
    try:
        raise RuntimeError("client went away")
    except RuntimeError:
        gunicorn_logger.exception("Error handling request %s %s", "GET", f"/api/v1/persons/?search={SEARCH}")
    gunicorn_logger.warning(f"Invalid request from ip={READER_ADDRESS}: Invalid HTTP method")
    gunicorn_logger.warning("Invalid request from ip=2001:db8::7: Invalid HTTP method")
    lines = str(gunicorn_logger.written)
    assert "Error handling request GET /api/v1/persons/?[query]" in lines
    assert "Invalid request from ip=[address]: Invalid HTTP method" in lines
    assert SEARCH not in lines
    assert READER_ADDRESS not in lines
    assert "2001:db8" not in lines
