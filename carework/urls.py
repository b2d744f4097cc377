app_name = "carework"

urlpatterns: list = []
