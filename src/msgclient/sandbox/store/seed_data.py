"""The demo stand's fixed catalogue: users, channels, mailboxes, tags, templates, topics.

Plain data, kept apart from seed.py so the generator stays readable. All addresses use the
reserved example.* domains, so nothing the sandbox writes can reach a real person.
"""

from __future__ import annotations

MB = 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OFFICE = ["application/msword", DOCX, "application/vnd.ms-excel", XLSX]

SETTINGS = {
    "mandatoryTags": True, "idempotencyKeys": True, "textMaxLength": 2000,
    "emailTextMaxLength": 100000, "titleMaxLength": 60, "signatureMaxLength": 60,
}

# (id, login, role, full name); the password of each demo user is its login.
USERS = [
    (1, "supervisor", "SUPERVISOR", "Sofia Supervisor"),
    (2, "supervisor2", "SUPERVISOR", "Martin Keller"),
    (3, "agent1", "OPERATOR", "Olga Smirnova"),
    (4, "agent2", "OPERATOR", "Lukas Becker"),
    (5, "agent3", "OPERATOR", "Priya Nair"),
    (6, "agent4", "OPERATOR", "Tomas Rivera"),
    (7, "integrator", "INTEGRATOR", "CRM Integration"),
    (8, "bot", "BOT", "Greeting Bot"),  # a role no API operation allows: the stand's 403 case
]
AGENT_IDS = [3, 4, 5, 6]

# (id, type, name, enabled, max attachment size, MIME types, max attachments per message)
CHANNELS = [
    (1, "WHATSAPP", "WhatsApp", True, 16 * MB,
     ["image/jpeg", "image/png", "application/pdf", "audio/mpeg", "audio/ogg", "video/mp4"], 3),
    (2, "VIBER", "Viber", True, 25 * MB,
     ["image/png", "image/jpeg", "application/pdf", *OFFICE, "text/plain"], 1),
    (3, "EMAIL", "E-mail", True, 10 * MB,
     ["image/png", "image/jpeg", "image/gif", "application/pdf", *OFFICE, "text/plain",
      "text/csv", "application/zip"], 10),
    (4, "WEB", "Web chat", True, 10 * MB,
     ["image/png", "image/jpeg", "image/gif", "application/pdf", "text/plain", DOCX, XLSX], 5),
    (5, "MOBILE", "Mobile app", True, 10 * MB,
     ["image/png", "image/jpeg", "image/gif", "application/pdf", "text/plain", DOCX, XLSX], 5),
    (6, "TELEGRAM", "Telegram", False, 20 * MB,
     ["image/png", "image/jpeg", "application/pdf", "text/plain"], 10),
]

EMAIL_ACCOUNTS = [
    (1, "support@example.com", "Customer Support", True),
    (2, "sales@example.com", "Sales Team", True),
    (3, "noreply@example.com", "Notifications (no reply)", False),
]

TAG_PATHS = [
    "Complaint", "Complaint/Services", "Complaint/Services/Resolved",
    "Complaint/Services/Escalated", "Complaint/Delivery", "Complaint/Delivery/Late",
    "Complaint/Delivery/Damaged", "Question", "Question/Billing", "Question/Billing/Refund",
    "Question/Product", "Question/Product/Availability", "Sales", "Sales/Follow-up",
    "Sales/Follow-up/Offer sent", "Feedback",
]

# (id, name, channel type, language, text); variables are read from the {{placeholders}}.
TEMPLATES = [
    (1, "order_ready", "WHATSAPP", "en", "Hello {{name}}, your order {{order}} is ready."),
    (2, "appointment_reminder", "WHATSAPP", "en",
     "Hi {{name}}, a reminder of your appointment on {{date}} at {{time}}."),
    (3, "feedback_request", "WHATSAPP", "en",
     "Hello {{name}}, how would you rate our help today? Reply with a number from 1 to 5."),
    (4, "delivery_update", "VIBER", "en",
     "{{name}}, your parcel {{tracking}} arrives on {{date}}."),
    (5, "payment_reminder", "VIBER", "en",
     "Dear {{name}}, invoice {{invoice}} for {{amount}} is due on {{date}}."),
    (6, "welcome_back", "VIBER", "en", "Welcome back, {{name}}!"),
]

FIRST_NAMES = ["Alexei", "Maria", "Jonas", "Lea", "Pierre", "Chloe", "Marco", "Giulia", "Piotr",
               "Zofia", "James", "Emily", "Sergei", "Natalia", "Kai", "Mia", "Omar", "Layla",
               "Lucas", "Sofia", "Noah", "Ines", "Mateo", "Yuki", "Daniel", "Hannah"]
LAST_NAMES = ["Orlov", "Fischer", "Dubois", "Rossi", "Kowalski", "Smith", "Morozov", "Schulz",
              "Laurent", "Bianchi", "Nowak", "Brown", "Lebedev", "Weber", "Martin", "Ricci",
              "Wisniewski", "Taylor", "Popov", "Klein"]
PHONE_PREFIXES = ["7916", "7903", "7926", "4917", "4915", "3361", "4479", "3933", "4860"]
SEGMENTS = ["Regular", "VIP", "New", "Corporate"]
CITIES = ["Moscow", "Berlin", "Paris", "Milan", "Warsaw", "London", "Hamburg", "Lyon"]

# A conversation topic: its tag, an email subject, and alternating client/agent lines.
# {order} and {amount} are filled per thread so histories do not all look the same.
TOPICS = [
    ("Complaint/Delivery/Late", "Order {order}: delivery is late", [
        "Hi, my order {order} was due yesterday and has not arrived.",
        "I am sorry for the delay. The courier has your parcel; it arrives tomorrow before noon.",
        "OK, thank you. Can I get a discount for the wait?",
        "I have added a 10% voucher to your account. Anything else I can help with?",
        "No, that's all, thanks!"]),
    ("Complaint/Delivery/Damaged", "Order {order}: damaged item", [
        "The box of order {order} arrived crushed and the mug inside is broken. Photo attached.",
        "That is not how it should arrive, sorry. We will send a replacement at no cost.",
        "Great, do I need to return the broken one?",
        "No need, please dispose of it. The replacement ships today."]),
    ("Question/Billing/Refund", "Refund for order {order}", [
        "Hello, I returned order {order} two weeks ago. When do I get my refund of {amount}?",
        "The return was received on Monday; the refund of {amount} was issued today.",
        "Thanks, how long until I see it on my card?",
        "Usually 3 to 5 business days, depending on your bank."]),
    ("Question/Billing", "Question about invoice {order}", [
        "Why was I charged {amount} twice for invoice {order}?",
        "I checked: the second charge is a pending authorisation and will disappear in 48 hours.",
        "Understood, thank you."]),
    ("Question/Product/Availability", "Is the item back in stock?", [
        "Is the blue jacket in size M back in stock?",
        "It arrives at our warehouse next week. Shall I notify you when it is available?",
        "Yes please!",
        "Done - you will get a message as soon as it can be ordered."]),
    ("Complaint/Services/Resolved", "Problem with my account", [
        "I can't log in to my account, it says my password is wrong.",
        "I have sent you a reset link. Please check your inbox and spam folder.",
        "Got it, it works now. Thanks!"]),
    ("Complaint/Services/Escalated", "Installation appointment missed", [
        "The technician did not come for the installation today and nobody called me.",
        "I apologise. I have escalated this to the service manager, who will call you today.",
        "I took a day off for this. This is not acceptable."]),
    ("Sales/Follow-up/Offer sent", "Your corporate offer", [
        "We would like to order 40 headsets for our office. Do you offer volume discounts?",
        "Yes - for 40 units the price is {amount} in total. I have attached the offer.",
        "Thank you, we will review it with our finance team."]),
    ("Feedback", "Thank you", [
        "Just wanted to say the support yesterday was excellent, thank you!",
        "Thank you for the kind words - I will pass them on to the team."]),
]

CLIENT_ATTACHMENTS = [
    ("photo-{order}.jpg", "image/jpeg", 482113), ("receipt-{order}.pdf", "application/pdf", 91544),
    ("screenshot.png", "image/png", 230871), ("voice-message.ogg", "audio/ogg", 61220),
]
AGENT_ATTACHMENTS = [
    ("invoice-{order}.pdf", "application/pdf", 120388), ("offer-{order}.pdf", "application/pdf",
                                                         204777),
    ("return-label-{order}.pdf", "application/pdf", 45102),
]
BCC_RECIPIENTS = [["quality@example.com"], ["team-lead@example.com", "archive@example.com"]]
