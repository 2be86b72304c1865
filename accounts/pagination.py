from django.core.paginator import Paginator

PER_PAGE = 25


def paginate(request, queryset, per_page: int = PER_PAGE) -> dict:
    """Context for templates/includes/pagination.html: page_obj, plus the filters' query string without `page`."""
    page_obj = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return {"page_obj": page_obj, "querystring": params.urlencode()}
