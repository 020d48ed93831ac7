from rest_framework import mixins, viewsets

from notifications.models import Notification
from notifications.selectors import notification_list
from notifications.serializers import NotificationSerializer


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """What Loopwise sent you (or is about to), newest first; only your own."""

    queryset = Notification.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = NotificationSerializer
    filterset_fields = ["kind", "status"]

    def get_queryset(self):
        return notification_list(viewer=self.request.user)
