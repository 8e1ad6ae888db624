"""The client address that login lockout and the API throttle both count by.

Behind a load balancer every request arrives from the balancer's address, so counting by
`REMOTE_ADDR` puts every client in one bucket: one attacker could lock every editor out.
The API throttle already reads `X-Forwarded-For` through a trusted-proxy count
(`REST_FRAMEWORK["NUM_PROXIES"]`, set from `API_NUM_PROXIES`); the login lockout reads the
same header through the same count by calling the throttle's own code, so the two can never
disagree about who a client is.
"""

import ipaddress

from django.http import HttpRequest
from rest_framework.throttling import BaseThrottle


def client_address(request: HttpRequest) -> str | None:
    """The address of the client as the trusted proxies report it.

    An entry that is not an IP address (possible only when the count names more proxies than
    there are, so that a client-written entry is read) falls back to the connecting address:
    the lockout stores addresses in an IP column, and a malformed one must not make a 500.
    """
    ident = BaseThrottle().get_ident(request)
    try:
        return str(ipaddress.ip_address(ident.strip()))
    except (AttributeError, ValueError):
        return request.META.get("REMOTE_ADDR")
