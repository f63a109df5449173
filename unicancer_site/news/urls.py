from django.urls import path

from . import feeds, views

app_name = "news"
urlpatterns = [
    path("", views.NewsItemListView.as_view(), name="newsitem_list"),
    path("presse/", views.PressRoomView.as_view(), name="press_room"),
    path("flux/rss/", feeds.NewsFeed(), name="feed_rss"),
    path("flux/atom/", feeds.NewsAtomFeed(), name="feed_atom"),
    path("presse/flux/rss/", feeds.PressReleaseFeed(), name="press_feed_rss"),
    path("presse/flux/atom/", feeds.PressReleaseAtomFeed(), name="press_feed_atom"),
    path("<slug:slug>/", views.NewsItemDetailView.as_view(), name="newsitem_detail"),
]
