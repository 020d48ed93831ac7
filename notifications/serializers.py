from rest_framework import serializers

from core.fields import AwareDateTimeField
from notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    created_at = AwareDateTimeField(read_only=True)
    sent_at = AwareDateTimeField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "subject", "body", "status", "created_at", "sent_at"]
        read_only_fields = fields
