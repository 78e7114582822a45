"""E-mail for `make demo`: each letter printed as a person reads it, not as MIME.

Django's console backend prints the raw message: a Russian subject comes out as
``=?utf-8?b?...?=`` and long bodies as quoted-printable. This one prints the decoded headers,
the plain-text body and what else the letter carries, so a developer can follow a link from
the console.
"""

from django.core.mail.backends.console import EmailBackend as ConsoleBackend


class ReadableConsoleBackend(ConsoleBackend):
    def write_message(self, message):
        lines = [
            "─" * 72,
            f"От:   {message.from_email}",
            f"Кому: {', '.join(message.to)}",
        ]
        if message.cc:
            lines.append(f"Копия: {', '.join(message.cc)}")
        if message.reply_to:
            lines.append(f"Ответ: {', '.join(message.reply_to)}")
        lines += [f"Тема: {message.subject}", "", message.body.rstrip()]
        for _content, mimetype in getattr(message, "alternatives", []):
            lines.append(f"[Вариант письма {mimetype} не показан]")
        for attachment in message.attachments:
            # MIME parts attached as objects carry no name we could print.
            filename, _content, mimetype = attachment if isinstance(attachment, tuple) else ("—", "", "")
            lines.append(f"[Вложение: {filename} ({mimetype})]")
        lines.append("─" * 72)
        self.stream.write("\n".join(lines) + "\n")
