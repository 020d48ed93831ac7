from rest_framework import serializers

from hiring.models import Committee


class CommitteeSerializer(serializers.ModelSerializer):
    members = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Committee
        fields = ["id", "name", "members", "chair"]


class CommitteeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    members = serializers.ListField(child=serializers.IntegerField(), default=list)
    chair = serializers.IntegerField()
