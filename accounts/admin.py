from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from accounts.models import User
from accounts.services import user_set_roles
from core.admin import RecordAdmin
from core.forms import TimezoneChoiceField


class UserAdminForm(UserChangeForm):
    """Roles are chosen as roles (not raw groups) and set through `accounts.services.user_set_roles`, so
    an interviewer gets their profile and an admin the admin site, as through the API."""

    roles = forms.MultipleChoiceField(choices=roles.ROLE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple)
    timezone = TimezoneChoiceField(initial="UTC")

    class Meta(UserChangeForm.Meta):
        model = User
        fields = ["username", "password", "name", "email", "timezone", "is_active", "is_superuser"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = [code for code in roles.ALL_ROLES if self.instance.has_role(code)]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserAdminForm
    list_display = ["username", "name", "email", "role_list", "is_active", "last_login"]
    list_filter = ["groups", "is_active", "is_staff"]
    search_fields = ["username", "name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Person", {"fields": ["name", "email", "timezone"]}),
        ("Roles", {"fields": ["roles", "is_active", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["username", "name", "email", "password1", "password2"]})]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "roles" in form.cleaned_data:
            user_set_roles(user=form.instance, role_codes=form.cleaned_data["roles"])

    @admin.display(description="roles")
    def role_list(self, user: User) -> str:
        return ", ".join(user.roles)


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuthenticatorAdmin(RecordAdmin):
    """Authenticator apps, without their keys: an admin removes a lost one, and the person sets up a new one
    at their next sign-in. Nobody adds or reads one here."""

    list_display = ["user", "name", "confirmed", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "user__name"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]

    def deletable(self, obj) -> bool:
        return True
