"""Publishing the digest: to a folder, by e-mail or to a webhook, once per week and target."""

from reports.publish.publisher import PublishFailed, PublishResult, publish_digest

__all__ = ["PublishFailed", "PublishResult", "publish_digest"]
