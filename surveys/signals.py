"""What the surveys app tells the apps above it.

``response_submitted`` is sent (``response=``) once a response counts, after its transaction
commits. The analytics app listens to write a school's risk profile from its self-diagnosis.
"""

from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

response_submitted = Signal()


@receiver(post_save, sender="surveys.Survey", dispatch_uid="surveys.repin_unanswered_campaigns")
def repin_unanswered_campaigns(sender, instance, **kwargs):
    """An edited survey reaches the campaigns nobody has answered yet; the others keep theirs."""
    from .targets import pin_version

    for campaign in instance.campaigns.all():
        pin_version(campaign)
