// The USWDS component wrappers every page uses, in one import. Each group has its own file:
// feedback (alerts, the error summary), the form and its buttons, form fields, tables and paging.
export { Alert, ErrorSummary } from "./feedback";
export { fieldErrorText, type FormState } from "./form-state";
export { ActionButton, Button, Form } from "./form";
export { CheckboxGroup, type Choice, RadioGroup, SelectField, TextArea, TextField } from "./fields";
export { Pagination, Table } from "./tables";
export { SchoolYearChoice } from "./year-choice";
