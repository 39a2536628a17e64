from django.urls import path

from reports import views_trends

app_name = "trends"

urlpatterns = [
    path("<slug:code>/trends/", views_trends.organization_trends, name="organization"),
]
