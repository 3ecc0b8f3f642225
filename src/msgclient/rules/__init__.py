"""May this client get this message over this channel? Pure decisions with shared wording.

The sandbox stand enforces these checks (its answer is the law) and the client runs the same
ones early, so the user hears about a problem before anything is sent and both speak the same
sentence. Inputs are the contract's JSON shapes (camelCase dicts: Channel, ClientProfile,
Thread, Template, TemplateUse, Attachment, Settings), so each side passes what it already holds.
No I/O and no web or HTTP imports here.
"""

from msgclient.rules.addresses import (
    check_email_address,
    check_phone,
    check_profile_email,
    check_sender,
)
from msgclient.rules.base import (
    CLI_TO_TYPE,
    CLOSED,
    EMAIL,
    ID_MAX,
    TEMPLATE_CHANNEL_TYPES,
    TYPE_TO_CLI,
    ChannelAvailability,
    Json,
    Refusal,
    channel_name,
    channel_type,
    describe_client,
    enabled_channel_names,
    first_refusal,
    fits_long,
    short_reason,
    text_limit,
)
from msgclient.rules.content import (
    check_attachments,
    check_content,
    check_message_shape,
    check_tags,
    check_template,
    check_template_channel,
    check_text_length,
    check_text_safety,
    render_template,
    template_variables,
)
from msgclient.rules.recipients import (
    channel_availability,
    check_channel_enabled,
    check_channel_for_client,
    check_channel_used,
    check_has_email,
    check_no_active_thread,
    check_not_blocked,
    check_thread_closed,
)
from msgclient.rules.window import (
    WINDOW_CLOSED,
    check_whatsapp_window,
    last_wrote_on,
)

__all__ = [
    "CLI_TO_TYPE",
    "CLOSED",
    "EMAIL",
    "ID_MAX",
    "TEMPLATE_CHANNEL_TYPES",
    "TYPE_TO_CLI",
    "WINDOW_CLOSED",
    "ChannelAvailability",
    "Json",
    "Refusal",
    "channel_availability",
    "channel_name",
    "channel_type",
    "check_attachments",
    "check_channel_enabled",
    "check_channel_for_client",
    "check_channel_used",
    "check_content",
    "check_email_address",
    "check_has_email",
    "check_message_shape",
    "check_no_active_thread",
    "check_not_blocked",
    "check_phone",
    "check_profile_email",
    "check_sender",
    "check_tags",
    "check_template",
    "check_template_channel",
    "check_text_length",
    "check_text_safety",
    "check_thread_closed",
    "check_whatsapp_window",
    "describe_client",
    "enabled_channel_names",
    "first_refusal",
    "fits_long",
    "last_wrote_on",
    "render_template",
    "short_reason",
    "template_variables",
    "text_limit",
]
