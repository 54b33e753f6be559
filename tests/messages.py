"""Asserting on what the core said by its message id, not by its English words (Orange's declared messages).

A test that matches English text breaks when a message is reworded, passes when the Chinese text lost a
placeholder, and says nothing about which message was meant. `raises_message` names the message and the
facts it must carry (a file name, a row, a code), and checks them in every language of the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from xmdesk.core import messages
from xmdesk.core.errors import XMDeskError


@contextmanager
def raises_message(error_type: type[XMDeskError], message_id: str,
                   *facts: str) -> Iterator[pytest.ExceptionInfo[XMDeskError]]:
    """Expect `error_type` with the catalogue message `message_id`, whose text names each of `facts` in
    English and in Chinese."""
    with pytest.raises(error_type) as raised:
        yield raised
    error = raised.value
    assert error.message_id == message_id, f"expected {message_id}, got {error.message_id}: {error}"
    for lang in messages.LANGUAGES:
        text = error.message(lang)
        missing = [fact for fact in facts if fact not in text]
        assert not missing, f"{message_id} in {lang} does not name {missing}: {text}"
