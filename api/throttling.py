"""The anonymous throttle, telling every caller where they stand: RateLimit-Limit,
RateLimit-Remaining and RateLimit-Reset (IETF draft "RateLimit header fields for HTTP")
on every answer of the API's views, so that a crawler can pace itself before a 429."""

from __future__ import annotations

from rest_framework import throttling

RATE_LIMIT_ATTRIBUTE = "casework_rate_limit"


class AnonRateThrottle(throttling.AnonRateThrottle):
    def allow_request(self, request, view) -> bool:
        allowed = super().allow_request(request, view)
        if self.rate is not None:
            # After DRF's check, history holds this request too if it was let through.
            remaining = max(self.num_requests - len(self.history), 0)
            reset = self.duration - (self.now - self.history[-1]) if self.history else self.duration
            # On the Django request, so the middleware sees it whatever DRF does next.
            setattr(request._request, RATE_LIMIT_ATTRIBUTE, (self.num_requests, remaining, max(int(reset + 0.999), 0)))
        return allowed


class RateLimitHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        state = getattr(request, RATE_LIMIT_ATTRIBUTE, None)
        if state is not None:
            limit, remaining, reset = state
            response["RateLimit-Limit"] = str(limit)
            response["RateLimit-Remaining"] = str(remaining)
            response["RateLimit-Reset"] = str(reset)
        return response
