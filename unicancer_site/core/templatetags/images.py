"""``{% responsive_image %}``: an uploaded image as an ``<img>`` with WebP renditions in ``srcset``."""

from django import template
from django.utils.html import format_html

from unicancer_site.core.renditions import image_renditions

register = template.Library()


@register.simple_tag
def responsive_image(image, alt, sizes="100vw", css_class="", loading="lazy", lang=""):
    """``{% responsive_image item.image item.image_alt sizes="(min-width: 48rem) 46rem, 100vw" %}``.

    The renditions (see ``core.renditions``) are made on first use and reused afterwards. Nothing is
    rendered when the image is missing or unreadable: a page never fails because of a broken upload.
    ``width``/``height`` give the browser the proportions, so nothing jumps while the image loads.
    """
    renditions = image_renditions(image)
    if not renditions:
        return ""
    default = next((rendition for rendition in renditions if rendition.width >= 800), renditions[-1])
    largest = renditions[-1]
    srcset = ", ".join(f"{rendition.url} {rendition.width}w" for rendition in renditions)
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}{} loading="{}" decoding="async">',
        default.url,
        srcset,
        sizes,
        largest.width,
        largest.height,
        alt or "",
        format_html(' class="{}"', css_class) if css_class else "",
        format_html(' lang="{}"', lang) if lang else "",
        loading,
    )
