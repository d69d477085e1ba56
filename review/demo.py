"""The demo's `[review]` table: three users with clearly-demo passwords, for `praise demo`."""

from __future__ import annotations

from review.auth import hash_password
from review.config import Role

# Name → (role, password). Printed by the demo so people can sign in; never use these outside the demo.
DEMO_USERS: dict[str, tuple[Role, str]] = {
    "leitung": (Role.VIEWER, "demo-leitung"),
    "redaktion": (Role.EDITOR, "demo-redaktion"),
    "freigabe": (Role.PUBLISHER, "demo-freigabe"),
}


def demo_review_config(publish_folder: str | None = None) -> str:
    """TOML text for praise.demo.toml: the `[review]` table with the three demo users.

    Plain http is allowed because the demo serves on http://127.0.0.1 only.

    Args:
        publish_folder: where the folder publisher writes (a `[publish]` table is added when given).
    """
    lines = [
        "[review]",
        "# The demo serves on http://127.0.0.1 only; keep this false anywhere else.",
        "allow_insecure_http = true",
        'publish_target = "folder"',
        "",
    ]
    for name, (role, password) in DEMO_USERS.items():
        lines += [
            f"[review.users.{name}]",
            f"# demo password: {password}",
            f'role = "{role.value}"',
            f'password_hash = "{hash_password(password)}"',
            "",
        ]
    if publish_folder is not None:
        escaped = publish_folder.replace("\\", "\\\\").replace('"', '\\"')
        lines += ["[publish]", f'folder = "{escaped}"', ""]
    return "\n".join(lines)
