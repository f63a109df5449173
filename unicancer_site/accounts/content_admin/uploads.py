"""Upload fields of the admin forms: files checked by their content."""

from pathlib import PurePath

from django import forms

from unicancer_site.core.validators import IMAGE_FORMATS, inspect_image


class CheckedImageField(forms.ImageField):
    """Checks the image by its content before Django's own check, so that each refusal says what is wrong
    (format, weight, pixels) and a decompression bomb is refused before it is decoded."""

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "read"):
            image_format = inspect_image(data)
            # The name follows the content before Django's own check reads its extension (the storage,
            # core.uploads.ContentNamedStorage, names the saved file by its content on every other path too).
            data.name = f"{PurePath(data.name).stem or 'image'}{IMAGE_FORMATS[image_format]}"
        return super().to_python(data)
