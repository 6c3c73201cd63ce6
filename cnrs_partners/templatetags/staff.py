"""The staff's links in the public site's navigation: the back-office, and the review pages for the roles
that open them (the review views' own check, `agreements.reviews.may_read_reviews`)."""

from django import template

from agreements.reviews import may_read_reviews

register = template.Library()


@register.inclusion_tag("includes/staff_links.html", takes_context=True)
def staff_links(context) -> dict:
    """Nothing for anonymous visitors; for a logged-in user, the back-office when they are staff and the
    review dashboard when their role reads the review pages."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return {}
    match = getattr(request, "resolver_match", None)
    return {
        "backoffice": user.is_staff,
        "review": may_read_reviews(user),
        "in_review": match is not None and match.namespace == "review",
    }
