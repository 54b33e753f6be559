"""Collecting responses from customers' phones on the local network, with no cloud.

`flow` is the survey as screens, the answers read from a form and checked by the core's own rules
between screens (the one source of truth for skip logic and validation); `links` holds the survey's
link token, its signing secret and the signed pre-filled fields of a store's or a customer's link;
`store` commits submissions through entry's arrival path, idempotently by the browser's id;
`page` writes the mobile HTML; `http` is the server (aiohttp, no Qt) that ties them together, and
that the CLI runs in the foreground and the app on a worker thread.
"""
