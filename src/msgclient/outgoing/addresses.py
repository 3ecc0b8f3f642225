"""Phone numbers and email addresses as people type them -> the form the stand accepts.

Phones: parsed with phonenumbers (E.164 with '+' in, or national with a default region),
sent as digits without '+' like edna's examples. Emails: email-validator for the RFC side,
then rules/addresses.py for the narrower format edna's UI accepts (docs/edna-api.md §6.4),
so an address the stand would refuse is refused here first, with the reason.
"""

from __future__ import annotations

from functools import lru_cache

from msgclient import rules
from msgclient.outgoing.errors import SHORT_WIDTH, InvalidMessage


def phone_reason(raw: str, region: str | None = None) -> str | None:
    """What is wrong with the number, without repeating it (for a prompt that just read it)."""
    try:
        normalize_phone(raw, region)
    except InvalidMessage as exc:
        return exc.short or exc.message
    return None


@lru_cache(maxsize=4096)
def normalize_phone(raw: str, region: str | None = None) -> str:
    """'+7 916 123-45-67' -> '79161234567'; raises InvalidMessage naming the number and why."""
    import phonenumbers  # phonenumbers (~80 ms) enters with the first phone a command reads

    text = (raw or "").strip()
    if not text:
        raise _bad_phone(raw, "it is empty")
    international = text.startswith("+")
    try:
        number = phonenumbers.parse(text, None if international or not region else region.upper())
    except phonenumbers.NumberParseException as exc:
        if exc.error_type == phonenumbers.NumberParseException.NOT_A_NUMBER:
            raise InvalidMessage(f"{raw!r} is not a phone number.", code="INVALID_ADDRESS",
                                 details={"value": raw},
                                 short="That is not a phone number.") from None
        if not international and not region:
            raise _bad_phone(raw, "it has no country code (no leading +)", hint="Write it as "
                             "+<country code><number> or set default_region in the profile "
                             "(e.g. RU).") from None
        raise _bad_phone(raw, _PARSE_REASONS.get(exc.error_type, "it cannot be read")) from None
    if number.extension:
        # The number without its extension may be a switchboard rather than the client, so
        # the extension is not dropped on the user's behalf.
        ext = number.extension
        raise InvalidMessage(f"Phone {raw!r} has an extension ({ext}); WhatsApp and Viber reach "
                             "the number itself, so drop the extension.", code="INVALID_ADDRESS",
                             details={"value": raw}, short=f"It has an extension ({ext}); drop "
                             "it: messengers reach the number itself.")
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason != 0:  # phonenumbers.ValidationResult.IS_POSSIBLE
        raise _bad_phone(raw, _LENGTH_REASONS.get(reason, "it has a wrong length"))
    if not phonenumbers.is_valid_number(number):
        raise _bad_phone(raw, "its country's numbering plan has no such number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]


@lru_cache(maxsize=4096)
def phone_zones(digits: str) -> tuple[str, ...]:
    """The IANA zones a number (E.164 digits) may be in, as phonenumbers' geocoding data says:
    one for a German mobile, many for a Russian one; () where it knows none."""
    import phonenumbers  # as in normalize_phone
    from phonenumbers import timezone as phone_timezone

    try:
        number = phonenumbers.parse("+" + digits.lstrip("+"), None)
    except phonenumbers.NumberParseException:
        return ()
    return tuple(z for z in phone_timezone.time_zones_for_number(number)
                 if z != phone_timezone.UNKNOWN_TIMEZONE)


def display_phone(digits: str) -> str:
    """The stand's digits as people read them: '79161234501' -> '+7 916 123-45-01'."""
    import phonenumbers  # as in normalize_phone

    try:
        number = phonenumbers.parse("+" + digits.lstrip("+"), None)
    except phonenumbers.NumberParseException:
        return digits
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


_PARSE_REASONS = {0: "its country code is unknown", 1: "it is not a phone number",
                  2: "it is too short", 3: "it is too short", 4: "it is too long"}
_LENGTH_REASONS = {1: "its country code is unknown", 2: "it is too short", 3: "it is too long",
                   4: "it is a local number; add the area code",
                   5: "it has a wrong length for its country"}


def _bad_phone(raw: str, why: str, hint: str | None = None) -> InvalidMessage:
    return InvalidMessage(f"Phone {raw!r} is not a valid phone number: {why}.",
                          code="INVALID_ADDRESS", details={"value": raw}, hint=hint,
                          short=f"Not a valid phone number: {why}.")


@lru_cache(maxsize=4096)
def normalize_email(raw: str, field: str = "emailAddress") -> str:
    """A valid address in the stand's accepted format (domain lower-cased), or InvalidMessage."""
    # email-validator (~300 ms with dnspython) enters with the first address a command reads.
    from email_validator import EmailNotValidError, validate_email

    text = (raw or "").strip()
    try:
        address = validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        reason = str(exc).rstrip(".")
        raise InvalidMessage(f"{raw!r} is not a valid email address: {reason}.",
                             code="INVALID_ADDRESS", details={"field": field, "value": raw},
                             short=_email_short(reason)) from None
    refusal = rules.check_email_address(address, field)
    if refusal is not None:
        raise InvalidMessage(refusal.message, code=refusal.code, details=dict(refusal.details),
                             short="The stand accepts login@domain.tld: Latin letters, digits, "
                                   "dots, dashes.")
    return address


def email_reason(raw: str) -> str | None:
    """What is wrong with the address, without repeating it (for a prompt that just read it)."""
    try:
        normalize_email(raw)
    except InvalidMessage as exc:
        return exc.short or exc.message
    return None


def _email_short(reason: str) -> str:
    short = f"That is not a valid email address: {reason[:1].lower()}{reason[1:]}."
    return short if len(short) <= SHORT_WIDTH else f"{reason}."
