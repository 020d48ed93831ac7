"""Responses the API writes: JSON that can always be encoded (a lone surrogate in echoed data is escaped)."""

from rest_framework.renderers import JSONRenderer


class SafeJSONRenderer(JSONRenderer):
    """DRF's renderer (UTF-8, non-ASCII as is); data that UTF-8 cannot encode (e.g. "\\ud800" sent in a JSON
    string) is written with \\u escapes instead of failing with a 500."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            self.ensure_ascii = True
            try:
                return super().render(data, accepted_media_type, renderer_context)
            finally:
                self.ensure_ascii = False
