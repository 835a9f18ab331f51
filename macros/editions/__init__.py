"""Editions of the site: district (a district's folder districts/<slug>/, its
values and pages, `make new-district`), upstream (a replacement page against
the upstream page it replaces, `based_on:`) and offline (the whole site as one
zip that opens from a folder, `make offline`)."""
