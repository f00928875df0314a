"""Translates template.yaml with samtranslator (what `sam deploy` submits to CloudFormation) and
prints it as JSON with Fn::Sub, Ref and Fn::GetAtt resolved to sample values, so a test can read
the generated roles and permissions. Usage: python3 translate.py TEMPLATE"""
import json
import re
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

PSEUDO = {"AWS::Partition": "aws", "AWS::Region": "us-east-1", "AWS::AccountId": "123456789012",
          "AWS::StackName": "custcode", "AWS::URLSuffix": "amazonaws.com", "AWS::NoValue": None}


class NoManagedPolicies:
    def load(self):
        return {}


def resolve(value, variables=None):
    variables = variables or {}
    if isinstance(value, list):
        return [resolve(v, variables) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        (fn, arg), = value.items()
        if fn == "Ref":
            return PSEUDO.get(arg, arg)
        if fn == "Fn::GetAtt":
            parts = arg if isinstance(arg, list) else arg.split(".", 1)
            return parts[0] + "." + parts[1]
        if fn == "Fn::Sub":
            text, more = (arg[0], arg[1]) if isinstance(arg, list) else (arg, {})
            local = {k: resolve(v) for k, v in more.items()}

            def sub(m):
                name = m.group(1)
                if name in local:
                    return str(local[name])
                if name in PSEUDO:
                    return str(PSEUDO[name])
                return name  # a resource's Ref (its logical id) or Name.Attribute
            return re.sub(r"\$\{([^}!][^}]*)\}", sub, text)
    return {k: resolve(v, variables) for k, v in value.items()}


with open(sys.argv[1]) as f:
    template = yaml_parse(f.read())
for resource in template["Resources"].values():
    if resource["Type"] == "AWS::Serverless::Function":
        resource["Properties"]["CodeUri"] = "s3://packaged/code.zip"  # what `sam package` puts there
json.dump(resolve(transform(template, {}, NoManagedPolicies())), sys.stdout, indent=1)
