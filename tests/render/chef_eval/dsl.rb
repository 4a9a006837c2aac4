# frozen_string_literal: true

# The shim DSL evaluate.rb runs a cookbook with: the node and its attributes, the
# recipe and attribute-file contexts, resources and template contexts. Every class
# is strict: a method it does not define raises, and so do Kernel's ways out of the
# evaluation (system, backticks, exec, open, require, ...), so that inventory text
# that became code is caught when it runs.

require 'digest'

# Chef::Config as recipes read it: only the keys this evaluator knows.
module Chef
  module Config
    VALUES = { file_cache_path: '/var/chef/cache' }.freeze

    def self.[](key)
      VALUES.fetch(key) { raise ChefEval::EvalError, "Chef::Config[#{key.inspect}] is not modelled" }
    end
  end
end

module ChefEval
  class EvalError < StandardError; end

  # Raises on any method the including class does not define.
  module Strict
    FORBIDDEN = %i[system exec spawn fork ` open require require_relative load exit exit! abort
                   eval syscall trap at_exit].freeze

    FORBIDDEN.each do |name|
      define_method(name) do |*|
        raise EvalError, "cookbook code called Kernel##{name}#{ChefEval.where}"
      end
    end

    def method_missing(name, *_args)
      raise EvalError, "#{self.class.name.split('::').last}: unknown DSL method '#{name}'#{ChefEval.where}"
    end

    def respond_to_missing?(*)
      false
    end
  end

  # " at recipes/x.rb:12": where in the cookbook the current call comes from.
  def self.where
    location = cookbook_root && caller_locations.find { |l| l.path.start_with?(cookbook_root) }
    location ? " at #{location.path.delete_prefix("#{cookbook_root}/")}:#{location.lineno}" : ''
  end

  class << self
    attr_accessor :cookbook_root
  end

  # A hash that creates missing levels on read, as `default['a']['b'] = 1` needs.
  class Vivid < Hash
    def initialize
      super() { |hash, key| hash[key] = Vivid.new }
    end

    def [](key)
      raise EvalError, "attribute key #{key.inspect} is not a String#{ChefEval.where}" unless key.is_a?(String)

      super
    end

    def []=(key, value)
      raise EvalError, "attribute key #{key.inspect} is not a String#{ChefEval.where}" unless key.is_a?(String)

      super
    end

    def to_plain
      to_h { |key, value| [key, value.is_a?(Vivid) ? value.to_plain : value] }
    end
  end

  def self.deep_merge(base, over)
    base.merge(over) do |_key, mine, theirs|
      mine.is_a?(Hash) && theirs.is_a?(Hash) ? deep_merge(mine, theirs) : theirs
    end
  end

  # A frozen copy, as Chef's ImmutableMash: writes raise, and so does a read with a
  # key that is not a String (Chef would accept a Symbol; these cookbooks do not use one).
  def self.strict_copy(value)
    case value
    when Hash
      copy = Hash.new do |_hash, key|
        raise EvalError, "attribute key #{key.inspect} is not a String#{ChefEval.where}" unless key.is_a?(String)
      end
      value.each { |k, v| copy[k] = strict_copy(v) }
      copy.freeze
    when Array then value.map { |v| strict_copy(v) }.freeze
    else value.frozen? ? value : value.dup.freeze
    end
  end

  # Platform questions recipes, attribute files and resources may ask.
  module Introspection
    def platform_family?(*families)
      families.flatten.map(&:to_s).include?(node['platform_family'])
    end

    def platform?(*names)
      names.flatten.map(&:to_s).include?(node['platform'])
    end

    def value_for_platform_family(map)
      values = {}
      map.each { |families, value| Array(families).each { |family| values[family.to_s] = value } }
      values.fetch(node['platform_family']) { values['default'] }
    end
  end

  # The node: automatic (Fauxhai) over override (the caller's JSON) over default
  # (the attribute file). Reads return frozen values, as Chef's ImmutableMash does.
  class Node
    include Strict
    include Introspection

    def initialize(automatic, override)
      @automatic = automatic
      @override = override
      @default = Vivid.new
    end

    def default
      @merged = nil
      @default
    end

    def node
      self
    end

    def [](key)
      raise EvalError, "node[#{key.inspect}]: attribute keys are Strings here#{ChefEval.where}" unless key.is_a?(String)

      merged[key]
    end

    def merged
      @merged ||= ChefEval.strict_copy(
        ChefEval.deep_merge(ChefEval.deep_merge(@default.to_plain, @override), @automatic)
      )
    end
  end

  # attributes/*.rb: `default[...] = ...`, `node[...]` and platform questions.
  class AttributeFile
    include Strict
    include Introspection

    def initialize(node)
      @node = node
    end

    attr_reader :node

    def default
      @node.default
    end
  end

  # What shell_out returns: the evaluator runs no command (nothing is installed).
  ShellOutResult = Struct.new(:stdout, :stderr, :exitstatus) do
    def error?
      !exitstatus.zero?
    end
  end
end

require_relative 'resources'

module ChefEval
  # A recipe file's context: the resource DSL and the few recipe helpers.
  class Recipe
    include Strict
    include Introspection

    def initialize(run, recipe_name)
      @run = run
      @recipe_name = recipe_name
    end

    attr_reader :recipe_name

    def node
      @run.node
    end

    def cookbook_name
      @run.name
    end

    def include_recipe(spec)
      @run.include_recipe(spec)
    end

    def shell_out(*command, **_options)
      @run.shell_outs << command
      ShellOutResult.new('', '', 1)
    end

    Resource::SPECS.each_key do |type|
      define_method(type) do |name, &block|
        raise EvalError, "#{type} needs a String name, got #{name.inspect}#{ChefEval.where}" unless name.is_a?(String)

        @run.declare(type, name, ChefEval.where.delete_prefix(' at '), block)
      end
    end
  end

  # Chef's TemplateContext: the variables as instance variables, plus @node.
  class TemplateContext
    include Strict

    def initialize(variables, node)
      variables.each { |key, value| instance_variable_set("@#{key}", value) }
      @node = node
    end

    attr_reader :node
  end
end
