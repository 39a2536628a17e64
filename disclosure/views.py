from django.http import HttpResponse


def home(request):
    return HttpResponse("ok")


def page_not_found(request, exception):
    return HttpResponse(status=404)


def server_error(request):
    return HttpResponse(status=500)
