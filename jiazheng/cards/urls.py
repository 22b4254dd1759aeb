from django.urls import path

from jiazheng.cards.views import portal

app_name = "cards"
urlpatterns = [
    path("", portal.my_cards, name="my_cards"),
    path("<id:pk>/", portal.my_card, name="my_card"),
]
