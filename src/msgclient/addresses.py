"""Phone numbers and email addresses as people type them -> the form the stand accepts.

Phones: parsed with phonenumbers (E.164 with '+' in, or national with a default region),
sent as digits without '+' like edna's examples. Emails: email-validator for the RFC side,
then rules.py for the narrower format edna's UI accepts (edna-api.md §6.4), so an address
the stand would refuse is refused here first, with the reason.
"""

from __future__ import annotations

from functools import lru_cache

from msgclient.send_errors import InvalidMessage


def phone_problem(raw: str, region: str | None = None) -> str | None:
    try:
        normalize_phone(raw, region)
    except InvalidMessage as exc:
        return exc.message
    return None


@lru_cache(maxsize=4096)
def normalize_phone(raw: str, region: str | None = None) -> str:
    """'+7 916 123-45-67' -> '79161234567'; raises InvalidMessage naming the number and why."""
    import phonenumbers

    text = (raw or "").strip()
    if not text:
        raise _bad_phone(raw, "it is empty")
    if not text.startswith("+") and not region:
        raise _bad_phone(raw, "it has no country code (no leading +)", hint="Write it as +<country code>"
                         "<number> or set default_region in the profile (e.g. RU).")
    try:
        number = phonenumbers.parse(text, None if text.startswith("+") else region.upper())
    except phonenumbers.NumberParseException as exc:
        raise _bad_phone(raw, _PARSE_REASONS.get(exc.error_type, "it cannot be read")) from None
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason != 0:  # phonenumbers.ValidationResult.IS_POSSIBLE
        raise _bad_phone(raw, _LENGTH_REASONS.get(reason, "it has a wrong length"))
    if not phonenumbers.is_valid_number(number):
        raise _bad_phone(raw, "no such number exists in its country's numbering plan")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]


_PARSE_REASONS = {0: "its country code is unknown", 1: "it is not a number",
                  2: "it is too short", 3: "it is too short", 4: "it is too long"}
_LENGTH_REASONS = {1: "its country code is unknown", 2: "it is too short", 3: "it is too long",
                   4: "it is a local number; add the area code",
                   5: "it has a wrong length for its country"}


def _bad_phone(raw: str, why: str, hint: str | None = None) -> InvalidMessage:
    return InvalidMessage(f"Phone {raw!r} is not a valid phone number: {why}.",
                          code="INVALID_ADDRESS", details={"value": raw}, hint=hint)


def email_problem(raw: str) -> str | None:
    try:
        normalize_email(raw)
    except InvalidMessage as exc:
        return exc.message
    return None


@lru_cache(maxsize=4096)
def normalize_email(raw: str, field: str = "emailAddress") -> str:
    """A valid address in the stand's accepted format (domain lower-cased), or InvalidMessage."""
    from email_validator import EmailNotValidError, validate_email

    from msgclient import rules

    text = (raw or "").strip()
    try:
        address = validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise InvalidMessage(f"{raw!r} is not a valid email address: {str(exc).rstrip('.')}.",
                             code="INVALID_ADDRESS", details={"field": field, "value": raw}) \
            from None
    refusal = rules.check_email_address(address, field)
    if refusal is not None:
        raise InvalidMessage(refusal.message, code=refusal.code, details=dict(refusal.details))
    return address
