from django.urls import path
from django.utils.translation import pgettext_lazy

from . import feeds, views

app_name = "news"
urlpatterns = [
    path("", views.NewsItemListView.as_view(), name="newsitem_list"),
    path(pgettext_lazy("URL path", "press/"), views.PressRoomView.as_view(), name="press_room"),
    path(pgettext_lazy("URL path", "feed/rss/"), feeds.NewsFeed(), name="feed_rss"),
    path(pgettext_lazy("URL path", "feed/atom/"), feeds.NewsAtomFeed(), name="feed_atom"),
    path(pgettext_lazy("URL path", "press/feed/rss/"), feeds.PressReleaseFeed(), name="press_feed_rss"),
    path(pgettext_lazy("URL path", "press/feed/atom/"), feeds.PressReleaseAtomFeed(), name="press_feed_atom"),
    path("<slug:slug>/", views.NewsItemDetailView.as_view(), name="newsitem_detail"),
]
