"""AWS-CLI-compatible output for the headless commands (``describe``, ``list``).

``normalize`` turns responses into the data the AWS CLI formats; ``jsonfmt``, ``text``, ``yamlfmt``
and ``table`` format it; ``query`` (JMESPath), ``paginate`` (botocore's --max-items/--starting-token
rules), ``skeletons``, ``cli_input`` and ``colour`` cover the options around them; ``command`` holds
what both commands share. Textual-free; never imports the AWS CLI itself.
"""
