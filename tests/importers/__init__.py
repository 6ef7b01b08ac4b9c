"""Tests of the XLSForm and FHIR Questionnaire importers."""
